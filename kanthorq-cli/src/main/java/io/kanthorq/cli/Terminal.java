package io.kanthorq.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Where a CLI run reads and writes: standard input, output and error, and the environment. Tests
 * pass their own to run commands in-process.
 *
 * @param in  standard input (read by {@code pub -})
 * @param out standard output: results
 * @param err standard error: errors and progress
 * @param env environment variables ({@code KANTHORQ_DATABASE_URL}, …)
 */
public record Terminal(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env) {

    /** The process's own streams and environment. */
    public static Terminal system() {
        return new Terminal(
                System.in, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv());
    }
}
