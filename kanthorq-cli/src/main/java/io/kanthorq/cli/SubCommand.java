package io.kanthorq.cli;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskContext;
import io.kanthorq.core.WorkerOptions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kanthorq sub}: works a consumer like any instance would and prints each task as it is handled
 * (the handler completes every task). Ctrl-C stops it cleanly: a shutdown hook stops the engine, which
 * lets running handlers finish and gives claimed-but-unstarted tasks back.
 */
@Command(
        name = "sub",
        description =
                "Work a consumer, printing each task as it is handled (every task completes)."
                        + " Ctrl-C stops cleanly. It takes tasks like any instance: use a consumer of its own to watch a stream.")
final class SubCommand extends CliCommand {

    private static final int PREVIEW = 120;

    @Option(names = "--consumer", required = true, converter = EntityName.Consumer.class)
    String consumer;

    @Option(names = "--concurrency", defaultValue = "1", description = "handlers at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--max", description = "stop after this many tasks (with --concurrency > 1 a few more may finish)")
    Integer max;

    @Override
    void execute() throws InterruptedException {
        if (max != null && max < 1) {
            throw new UsageException("--max must be at least 1, got " + max);
        }
        WorkerOptions options =
                WorkerOptions.DEFAULT.withConcurrency(concurrency).withShutdownTimeout(Duration.ofSeconds(10));
        Kanthorq kanthorq = cli().database(concurrency + 3).kanthorq();
        PrintWriter out = cli().terminal().out();
        PrintWriter err = cli().terminal().err();
        boolean json = output().json();
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        kanthorq.startWorker(
                consumer,
                task -> {
                    print(out, json, task);
                    if (max != null && handled.incrementAndGet() >= max) {
                        done.countDown();
                    }
                },
                options);
        Thread hook = new Thread(
                () -> {
                    err.println("kanthorq: stopping (waiting for running handlers)");
                    err.flush();
                    kanthorq.stop();
                    done.countDown();
                },
                "kanthorq-cli-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("kanthorq: working consumer " + consumer
                + (max == null ? ", Ctrl-C to stop" : ", until " + max + " task(s)"));
        err.flush();
        done.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is stopping the engine
        }
        kanthorq.stop();
    }

    private static void print(PrintWriter out, boolean json, TaskContext task) {
        String line;
        if (json) {
            line = Json.write(Output.fields(
                    "consumer",
                    task.consumer(),
                    "eventId",
                    task.event().id(),
                    "subject",
                    task.event().subject(),
                    "attempt",
                    task.attempt(),
                    "createdAt",
                    task.event().createdAt(),
                    "metadata",
                    task.event().metadata(),
                    "body",
                    task.event().bodyAsString(),
                    "handledAt",
                    Instant.now()));
        } else {
            String body = task.event().bodyAsString().replace('\n', ' ');
            line = Output.text(Instant.now()) + "  " + task.event().id() + "  "
                    + task.event().subject() + "  attempt " + task.attempt() + "  "
                    + (body.length() > PREVIEW ? body.substring(0, PREVIEW) + "…" : body);
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
