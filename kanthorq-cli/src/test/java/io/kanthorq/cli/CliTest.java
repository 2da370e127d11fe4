package io.kanthorq.cli;

import io.kanthorq.core.ConnectionProvider;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.WorkerOptions;
import io.kanthorq.core.testsupport.TestDatabase;
import io.kanthorq.core.testsupport.TestSchema;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of CLI tests: a fresh migrated schema and an engine over it (for the application side), and the
 * CLI run in-process against the same schema with captured stdout and stderr. The database reaches the
 * CLI through {@code KANTHORQ_DATABASE_URL}/{@code _USER}/{@code _PASSWORD}, as a user would set it.
 */
abstract class CliTest {

    static final String STREAM = "order_update";

    /** What a CLI run printed and returned. */
    record Run(int exitCode, String out, String err) {

        /** The first match of {@code "key":value} in the output (a number or a quoted string). */
        String jsonValue(String key) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":(\"[^\"]*\"|[^,}\\]]+)")
                    .matcher(out);
            if (!m.find()) {
                throw new AssertionError("no \"" + key + "\" in " + out);
            }
            return m.group(1).replace("\"", "");
        }
    }

    TestSchema schema;
    Kanthorq kanthorq;

    @BeforeEach
    void createSchemaAndEngine() {
        schema = TestDatabase.newSchema().migrate();
        kanthorq = Kanthorq.builder(ConnectionProvider.of(schema.dataSource())).build();
    }

    @AfterEach
    void stopEngineAndDropSchema() {
        kanthorq.stop();
        schema.close();
    }

    Map<String, String> environment() {
        return Map.of(
                "KANTHORQ_DATABASE_URL",
                schema.jdbcUrl(),
                "KANTHORQ_DATABASE_USER",
                schema.server().user(),
                "KANTHORQ_DATABASE_PASSWORD",
                schema.server().password());
    }

    Run cli(String... args) {
        return cliWithInput(new ByteArrayInputStream(new byte[0]), environment(), args);
    }

    Run cliWithStdin(String stdin, String... args) {
        return cliWithInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), environment(), args);
    }

    static Run cliWithInput(InputStream in, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = KanthorqCli.run(new Terminal(in, new PrintWriter(out), new PrintWriter(err), env), args);
        return new Run(code, out.toString(), err.toString());
    }

    static WorkerOptions fastOptions() {
        return WorkerOptions.DEFAULT
                .withPollInterval(Duration.ofMillis(200))
                .withShutdownTimeout(Duration.ofSeconds(10));
    }
}
