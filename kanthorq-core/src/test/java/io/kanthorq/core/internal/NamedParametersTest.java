package io.kanthorq.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NamedParametersTest {

    @Test
    void expandsNamesToPositionalParametersAndBindsARepeatedNameAtEveryUse() {
        NamedParameters statement = NamedParameters.parse(
                "SELECT * FROM t WHERE txid >= pg_snapshot_xmax(:cursor::pg_snapshot) AND id > :after"
                        + " AND txid = ANY (ARRAY(SELECT pg_snapshot_xip(:cursor::pg_snapshot)))");

        assertThat(statement.sql())
                .isEqualTo("SELECT * FROM t WHERE txid >= pg_snapshot_xmax(?::pg_snapshot) AND id > ?"
                        + " AND txid = ANY (ARRAY(SELECT pg_snapshot_xip(?::pg_snapshot)))");
        assertThat(statement.values(Map.of("cursor", "10:20:", "after", "e1")))
                .containsExactly("10:20:", "e1", "10:20:");
    }

    @Test
    void leavesCastsStringLiteralsAndCommentsAlone() {
        NamedParameters statement = NamedParameters.parse(
                "SELECT '1:1:'::pg_snapshot, x::text -- note: no :parameter here\nFROM t WHERE a = :a");

        assertThat(statement.sql())
                .isEqualTo("SELECT '1:1:'::pg_snapshot, x::text -- note: no :parameter here\nFROM t WHERE a = ?");
        assertThat(statement.values(Map.of("a", 1))).containsExactly(1);
    }

    @Test
    void failsOnAMissingOrAnUnknownName() {
        NamedParameters statement = NamedParameters.parse("SELECT :a, :b");

        assertThatThrownBy(() -> statement.values(Map.of("a", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing [b]");
        assertThatThrownBy(() -> statement.values(Map.of("a", 1, "b", 2, "c", 3)))
                .hasMessageContaining("unknown [c]");
    }
}
