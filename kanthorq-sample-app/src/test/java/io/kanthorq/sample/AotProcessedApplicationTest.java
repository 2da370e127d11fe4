package io.kanthorq.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample, processed ahead of time the way {@code spring-boot:process-aot} does it (Spring Boot's
 * {@code SpringApplicationAotProcessor}, in a JVM of its own), its generated sources compiled, then
 * started on the JVM with {@code spring.aot.enabled=true}: the generated bean definitions replace
 * configuration-class parsing, and an order still runs through publish, workers and the HTTP API —
 * with the sample's tracing, whose trace ids show in the log lines of what a request caused.
 */
class AotProcessedApplicationTest {

    private static final String APPLICATION = "io.kanthorq.sample.SampleApplication";

    @TempDir
    Path work;

    private final TestSchema schema = TestDatabase.newSchema(2);
    private Process application;

    @AfterEach
    void stopApplicationAndDropSchema() throws InterruptedException {
        if (application != null) {
            application.destroy();
            if (!application.waitFor(30, TimeUnit.SECONDS)) {
                application.destroyForcibly().waitFor();
            }
        }
        schema.close();
    }

    @Test
    void theAotProcessedSampleProcessesOrdersAndLogsTheTraceOfEachRequest() throws Exception {
        Path sources = Files.createDirectories(work.resolve("sources"));
        Path resources = Files.createDirectories(work.resolve("resources"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Path processing = work.resolve("aot.log");

        Process aot = java(
                        List.of(),
                        applicationClassPath(),
                        "org.springframework.boot.SpringApplicationAotProcessor",
                        APPLICATION,
                        sources.toString(),
                        resources.toString(),
                        classes.toString(),
                        "io.kanthorq",
                        "kanthorq-sample-app",
                        "--sample.embedded-postgres.enabled=false")
                .redirectOutput(processing.toFile())
                .start();
        assertThat(aot.waitFor(180, TimeUnit.SECONDS))
                .as("AOT processing finished")
                .isTrue();
        assertThat(aot.exitValue()).as("AOT processing: %s", tail(processing)).isZero();
        List<Path> generated = javaFiles(sources);
        assertThat(generated)
                .as("generated sources")
                .anyMatch(file -> file.endsWith("SampleApplication__ApplicationContextInitializer.java"))
                .anyMatch(file -> file.getFileName().toString().startsWith("KanthorqAutoConfiguration__"));
        compile(generated, classes);
        // what a native image would be told: KanthorQ's SQL files, the dashboard's page, the subscribers
        assertThat(nativeImageMetadata(resources))
                .contains("db/kanthorq/migration/*.sql")
                .contains("db/kanthorq/layout/*.sql")
                .contains("kanthorq-dashboard/*")
                .contains("\"type\": \"io.kanthorq.sample.consumers.Refunds\"")
                .contains("\"type\": \"io.kanthorq.sample.orders.OrderEvents$OrderCancelled\"");

        int port = freePort();
        Path log = work.resolve("application.log");
        application = java(
                        List.of("-Dspring.aot.enabled=true"),
                        classes
                                + java.io.File.pathSeparator
                                + resources
                                + java.io.File.pathSeparator
                                + applicationClassPath(),
                        APPLICATION,
                        "--server.port=" + port,
                        "--sample.embedded-postgres.enabled=false",
                        "--sample.payment-gateway.failure-rate=0",
                        "--spring.datasource.url=" + schema.jdbcUrl(),
                        "--spring.datasource.username=" + schema.server().user(),
                        "--spring.datasource.password=" + schema.server().password())
                .redirectOutput(log.toFile())
                .start();

        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the application exited: " + tail(log), () -> !application.isAlive())
                .until(() -> get(http, port, "/actuator/health").contains("\"UP\""));
        assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");

        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"customerEmail\":\"ada@example.com\",\"amount\":25.00}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 299);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get(http, port, "/orders/1"))
                        .contains("\"consumer\":\"send_notification\"")
                        .contains("\"state\":\"COMPLETED\""));

        // the sample traces every request (Brave, sampling 1.0): the cancel request's trace runs into the
        // refund's handler, whose log line carries it, and the outcome line names it
        HttpResponse<String> cancelled = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders/1/cancel"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isBetween(200, 299);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.readString(log).contains("consumer refund_order completed"));
        String refundLine = line(log, "refund_order: refunded 25.00 for order 1 ");
        Matcher correlation =
                Pattern.compile("\\[([0-9a-f]{32})-[0-9a-f]{16}\\]").matcher(refundLine);
        assertThat(correlation.find())
                .as("trace and span id in: %s (log: %s)", refundLine, tail(log))
                .isTrue();
        assertThat(line(log, "consumer refund_order completed")).contains("trace " + correlation.group(1));
    }

    private static String line(Path log, String containing) throws IOException {
        return Files.readAllLines(log).stream()
                .filter(l -> l.contains(containing))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no log line with '" + containing + "'"));
    }

    /** The sample's run-time class path: the tests' without their own classes (logback-test.xml, test profile). */
    private static String applicationClassPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(full.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static ProcessBuilder java(List<String> options, String classPath, String... mainAndArguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(classPath);
        command.addAll(List.of(mainAndArguments));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static String nativeImageMetadata(Path resources) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(resources.resolve("META-INF/native-image"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString().replace("\\/", "/");
    }

    private static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java")).toList();
        }
    }

    private static void compile(List<Path> files, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(null, null, null)) {
            List<String> options = List.of(
                    "-d",
                    classes.toString(),
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-proc:none",
                    "-nowarn");
            java.io.StringWriter errors = new java.io.StringWriter();
            Boolean compiled = compiler.getTask(
                            errors, fileManager, null, options, null, fileManager.getJavaFileObjectsFromPaths(files))
                    .call();
            assertThat(compiled)
                    .as("compiling the generated sources: %s", errors)
                    .isTrue();
        }
    }

    private static String get(HttpClient http, int port, String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return ""; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
