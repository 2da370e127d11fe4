package io.kanthorq.core.internal;

import io.kanthorq.core.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The layout of a per-stream or per-consumer table, read from its {@code .sql} template: the
 * statement that creates the table, one statement per column added since the first layout, and one
 * statement per index. One template serves both a first registration (the table with every column,
 * and its indexes, in one transaction) and the upgrade of an existing table (each missing column
 * added, each missing index built concurrently), so a column or an index is written down once.
 */
public final class TableLayout {

    /** One index of the layout: its name and the statement that creates it. */
    public record Index(String name, String create) {

        /** The same index built without blocking writes (cannot run inside a transaction block). */
        public String createConcurrently() {
            return create.replaceFirst("INDEX IF NOT EXISTS", "INDEX CONCURRENTLY IF NOT EXISTS");
        }
    }

    /** A column added by a later layout: its name and the statement that adds it to an older table. */
    public record Column(String name, String add) {}

    /** The layout of one table: its name, its creating statement, its added columns and its indexes. */
    public record Table(String name, String create, List<Column> columns, List<Index> indexes) {}

    private static final Pattern STATEMENT_END = Pattern.compile(";\\s*$", Pattern.MULTILINE);
    private static final Pattern INDEX =
            Pattern.compile("^CREATE (?:UNIQUE )?INDEX IF NOT EXISTS (\\S+) ON ", Pattern.MULTILINE);
    private static final Pattern COLUMN =
            Pattern.compile("^ALTER TABLE \\S+ ADD COLUMN IF NOT EXISTS (\\S+) ", Pattern.MULTILINE);
    private static final Pattern TABLE = Pattern.compile("^CREATE TABLE IF NOT EXISTS ", Pattern.MULTILINE);

    private final String file;
    private final String template;

    private TableLayout(String file, String template) {
        this.file = file;
        this.template = template;
    }

    /** Reads {@code db/kanthorq/layout/<file>} from the class path. */
    public static TableLayout load(String file) {
        String path = "/db/kanthorq/layout/" + file;
        try (InputStream in = TableLayout.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("kanthorq: missing resource " + path);
            }
            return new TableLayout(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("kanthorq: cannot read " + path, e);
        }
    }

    /** The layout filled in for {@code table}, a name that passed {@link Names#requireValid}. */
    public Table of(String table) {
        String sql = template.formatted(table, TableNames.indexPrefix(table));
        String create = null;
        List<Column> columns = new ArrayList<>();
        List<Index> indexes = new ArrayList<>();
        for (String statement : STATEMENT_END.split(sql)) {
            if (TABLE.matcher(statement).find()) {
                create = statement.strip();
                continue;
            }
            Matcher column = COLUMN.matcher(statement);
            Matcher index = INDEX.matcher(statement);
            if (column.find()) {
                columns.add(new Column(
                        column.group(1), statement.substring(column.start()).strip()));
            } else if (index.find()) {
                indexes.add(new Index(
                        index.group(1), statement.substring(index.start()).strip()));
            } else if (!statement
                    .lines()
                    .allMatch(line -> line.isBlank() || line.strip().startsWith("--"))) {
                throw new IllegalStateException("kanthorq: layout " + file + " holds a statement that is not"
                        + " CREATE TABLE IF NOT EXISTS, ALTER TABLE ... ADD COLUMN IF NOT EXISTS or CREATE [UNIQUE]"
                        + " INDEX IF NOT EXISTS: " + statement.strip());
            }
        }
        if (create == null) {
            throw new IllegalStateException("kanthorq: layout " + file + " creates no table");
        }
        return new Table(table, create, List.copyOf(columns), List.copyOf(indexes));
    }
}
