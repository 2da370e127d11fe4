package io.kanthorq.cli;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.management.Management;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the runnable commands: reach the run's database, engine and output through the root command. */
abstract class CliCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    KanthorqCli cli() {
        return (KanthorqCli) spec.root().userObject();
    }

    Kanthorq kanthorq() {
        return cli().kanthorq();
    }

    Management management() {
        return kanthorq().management();
    }

    Output output() {
        return cli().output();
    }

    /**
     * Waits for the layout upgrades a registration started in the background (indexes an existing table
     * lacks), since exiting would cancel them; says so on stderr first.
     */
    void awaitLayoutUpgrades() throws InterruptedException {
        Set<String> started = kanthorq().registrar().startedUpgrades();
        if (started.isEmpty()) {
            return;
        }
        PrintWriter err = cli().terminal().err();
        err.println("kanthorq: building the missing index(es) of " + String.join(", ", started) + " concurrently"
                + " (reads and writes go on); Ctrl-C leaves them to the next registration");
        err.flush();
        while (!kanthorq().registrar().awaitUpgrades(Duration.ofSeconds(1))) {
            // an old transaction can hold a build up for a while; the upgrader logs each retry
        }
    }

    @Override
    public final Integer call() throws Exception {
        execute();
        return KanthorqCli.OK;
    }

    /** Does the command's work; failures are reported by the CLI's exception handler. */
    abstract void execute() throws Exception;
}
