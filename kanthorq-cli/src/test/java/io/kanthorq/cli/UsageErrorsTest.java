package io.kanthorq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad arguments give one line on stderr and exit code 2; runtime failures exit 1; --verbose adds the trace. */
class UsageErrorsTest extends CliTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "frobnicate",
                "consumer",
                "task ls",
                "pub --subject order.created --body x",
                "pub --stream order_update --subject order.created",
                "pub --stream order_update --subject order.created --body x --file y",
                "pub --stream Order-Update --subject order.created --body x",
                "pub --stream order_update --subject order..created --body x",
                "pub --stream order_update --subject order.created --body x --count 0",
                "pub --stream order_update --subject order.created --body x --metadata novalue",
                "consumer create c --stream s --attempt-max 0",
                "consumer create c --stream s --subject a.>.b",
                "consumer create c --stream s --visibility-timeout forever",
                "consumer create c --stream s --start-from middle",
                "consumer rm c",
                "task ls --consumer c --state exploded",
                "task ls --consumer c --limit 0",
                "task redrive --consumer c --state completed --all",
                "events --stream s --since yesterday-ish",
                "events --stream s --limit 0",
                "retention run",
                "sub --consumer c --max 0",
                "stream create 9lives",
            })
    void badArgumentsGiveOneLineAndExitCodeTwo(String arguments) {
        Run run = cli(arguments.isEmpty() ? new String[0] : arguments.split(" "));

        assertThat(run.exitCode()).as(arguments).isEqualTo(2);
        assertThat(run.err().lines().toList())
                .as(arguments)
                .singleElement()
                .asString()
                .startsWith("kanthorq: ");
        assertThat(run.out()).as(arguments).isEmpty();
    }

    @Test
    void noDatabaseIsAUsageErrorAndAnUnreachableOneARuntimeError() {
        Run none = cliWithInput(new ByteArrayInputStream(new byte[0]), Map.of(), "stream", "ls");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err())
                .isEqualTo("kanthorq: no database: give --url or set KANTHORQ_DATABASE_URL"
                        + " (e.g. jdbc:postgresql://localhost:5432/app)" + System.lineSeparator());

        String[] unreachable = {"--url", "jdbc:postgresql://127.0.0.1:1/nothing", "stream", "ls"};
        Run down = cliWithInput(new ByteArrayInputStream(new byte[0]), Map.of(), unreachable);
        assertThat(down.exitCode()).isEqualTo(1);
        assertThat(down.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("kanthorq: cannot connect to the database: Connection to 127.0.0.1:1 refused");

        Run verbose = cliWithInput(
                new ByteArrayInputStream(new byte[0]),
                Map.of(),
                "--url",
                "jdbc:postgresql://127.0.0.1:1/nothing",
                "stream",
                "ls",
                "--verbose");
        assertThat(verbose.exitCode()).isEqualTo(1);
        assertThat(verbose.err()).contains("\tat ").contains("PoolInitializationException");
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = cli("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out())
                .contains("Usage: kanthorq")
                .contains("migrate")
                .contains("consumer")
                .contains("events");
        assertThat(cli("task", "redrive", "--help").out()).contains("--subject").contains("--all");
        // the build's version, not a hard-coded one
        assertThat(cli("--version").out().strip()).matches("kanthorq \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void aMissingTaskOrConsumerIsARuntimeError() {
        Run task = cli("task", "show", "--consumer", "ghost", "01ABC");
        assertThat(task.exitCode()).isEqualTo(1);
        assertThat(task.err().lines().toList())
                .singleElement()
                .asString()
                .isEqualTo("kanthorq: consumer 'ghost' is not registered");
        Run consumer = cli("consumer", "describe", "ghost");
        assertThat(consumer.exitCode()).isEqualTo(1);
        assertThat(consumer.err()).isEqualTo("kanthorq: consumer 'ghost' is not registered" + System.lineSeparator());
    }
}
