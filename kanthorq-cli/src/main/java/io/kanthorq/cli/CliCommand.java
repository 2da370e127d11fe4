package io.kanthorq.cli;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.Management;
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

    @Override
    public final Integer call() throws Exception {
        execute();
        return KanthorqCli.OK;
    }

    /** Does the command's work; failures are reported by the CLI's exception handler. */
    abstract void execute() throws Exception;
}
