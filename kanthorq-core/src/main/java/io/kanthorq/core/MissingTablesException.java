package io.kanthorq.core;

import java.util.List;

/**
 * Registration with DDL off ({@link Kanthorq.Builder#ddl(boolean)}) found tables missing or of an
 * earlier layout. The message lists every one with the CLI command that creates or upgrades it, run
 * by a database user allowed to create tables.
 */
public class MissingTablesException extends KanthorqException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** An exception listing {@code problems}, one line each. */
    public MissingTablesException(List<String> problems) {
        super("KanthorQ runs without DDL and its tables are not ready: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per missing or outdated table, naming it and the command that fixes it. */
    public List<String> problems() {
        return problems;
    }
}
