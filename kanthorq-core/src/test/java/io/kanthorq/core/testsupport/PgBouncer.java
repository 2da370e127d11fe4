package io.kanthorq.core.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PgBouncer (Debian's {@code pgbouncer}) in transaction-pooling mode in front of the test server,
 * for one database. Tests that need it skip when the binary is missing, unless
 * {@code KANTHORQ_PGBOUNCER_TESTS=required} (CI), where a missing binary fails them. The benchmarks
 * launch it through {@link #launch}, which needs no test framework.
 */
public final class PgBouncer implements AutoCloseable {

    private static final List<Path> BINARIES = List.of(Path.of("/usr/sbin/pgbouncer"), Path.of("/usr/bin/pgbouncer"));

    private final Process process;
    private final Path directory;
    private final int port;
    private final String database;

    private PgBouncer(Process process, Path directory, int port, String database) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.database = database;
    }

    /** Starts PgBouncer for {@code database} of {@code server}; skips the test when it is not installed. */
    public static PgBouncer start(TestDatabase.Server server, String database) throws Exception {
        Path binary = binary();
        if (binary == null) {
            if ("required".equalsIgnoreCase(System.getenv("KANTHORQ_PGBOUNCER_TESTS"))) {
                throw new IllegalStateException("KANTHORQ_PGBOUNCER_TESTS=required but pgbouncer is not installed"
                        + " (apt-get install -y pgbouncer)");
            }
            Assumptions.abort("pgbouncer is not installed (apt-get install -y pgbouncer)");
        }
        return launch(binary, server.jdbcUrl(), server.user(), server.password(), database);
    }

    /** The installed binary, or null. */
    public static Path binary() {
        return BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    /**
     * Starts {@code binary} in front of {@code database} of the server at {@code serverJdbcUrl}, connecting
     * as {@code user}; fails when it does not listen within 10 s.
     */
    public static PgBouncer launch(Path binary, String serverJdbcUrl, String user, String password, String database)
            throws IOException, InterruptedException {
        URI uri = URI.create(serverJdbcUrl.substring("jdbc:".length()));
        int port = freePort();
        Path directory = Files.createTempDirectory("kq-pgbouncer");
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path config = directory.resolve("pgbouncer.ini");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "[databases]",
                        database + " = host=" + uri.getHost() + " port=" + uri.getPort() + " dbname=" + database
                                + " user=" + user
                                + (password.isEmpty() ? "" : " password=" + password),
                        "[pgbouncer]",
                        "listen_addr = 127.0.0.1",
                        "listen_port = " + port,
                        "unix_socket_dir =",
                        "auth_type = any",
                        "pool_mode = transaction",
                        "default_pool_size = 8",
                        "max_client_conn = 200",
                        // the JDBC driver sends this at connect; the pooler cannot keep it per client anyway
                        "ignore_startup_parameters = extra_float_digits",
                        "logfile = " + directory.resolve("pgbouncer.log"),
                        "pidfile = " + directory.resolve("pgbouncer.pid"),
                        ""));
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT))) {
            command.addAll(List.of("-u", "postgres")); // it refuses to run as root
        }
        command.add(config.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("stdout.log").toFile())
                .start();
        PgBouncer bouncer = new PgBouncer(process, directory, port, database);
        bouncer.awaitListening(Duration.ofSeconds(10));
        return bouncer;
    }

    /** JDBC URL of the database through the pooler, without server-side prepared statements. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?prepareThreshold=0";
    }

    private void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited with " + process.exitValue() + ": " + log());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pgbouncer did not listen on port " + port + " within " + timeout);
                }
                Thread.sleep(50); // a process start, not an outcome of the code under test
            }
        }
    }

    private String log() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("stdout.log", "pgbouncer.log")) {
            Path file = directory.resolve(name);
            if (Files.exists(file)) {
                out.append(Files.readString(file));
            }
        }
        return out.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }
}
