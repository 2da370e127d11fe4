package io.kanthorq.cli;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Kanthorq;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code kanthorq} command. Exit codes: 0 done, 1 runtime or database error (including "not
 * found"), 2 usage error (bad arguments, invalid names or subjects, no database given). Errors are
 * one line on stderr; {@code --verbose} adds the stack trace.
 */
@Command(
        name = "kanthorq",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        versionProvider = CliVersion.class,
        description = "Operate KanthorQ: migrate the registry, publish and subscribe, inspect consumers and tasks,"
                + " redrive dead letters, run retention.",
        subcommands = {
            MigrateCommand.class,
            StreamCommand.class,
            ConsumerCommand.class,
            PubCommand.class,
            SubCommand.class,
            TaskCommand.class,
            EventsCommand.class,
            RetentionCommand.class,
            ScheduleCommand.class
        },
        footer = {
            "",
            "The database comes from --url or KANTHORQ_DATABASE_URL (a JDBC URL; add ?currentSchema=… for"
                    + " another schema), with --user/--password or KANTHORQ_DATABASE_USER/KANTHORQ_DATABASE_PASSWORD."
        })
public final class KanthorqCli implements Runnable {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "<jdbc-url>",
            description = "JDBC URL of the database (default: $KANTHORQ_DATABASE_URL)")
    String url;

    @Option(
            names = "--user",
            scope = ScopeType.INHERIT,
            description = "database user (default: $KANTHORQ_DATABASE_USER)")
    String user;

    @Option(
            names = "--password",
            scope = ScopeType.INHERIT,
            description = "database password (default: $KANTHORQ_DATABASE_PASSWORD)")
    String password;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "write results as JSON")
    boolean json;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "show stack traces of errors and the engine's log")
    boolean verbose;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final Terminal terminal;
    private Database database;

    KanthorqCli(Terminal terminal) {
        this.terminal = terminal;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    /** Runs {@code args} on {@code terminal} and returns the exit code (in-process, for tests and tools). */
    public static int run(Terminal terminal, String... args) {
        KanthorqCli cli = new KanthorqCli(terminal);
        CommandLine commandLine = new CommandLine(cli)
                .setOut(terminal.out())
                .setErr(terminal.err())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler((e, arguments) -> usageError(terminal.err(), e))
                .setExecutionExceptionHandler((e, line, parsed) -> cli.failure(e));
        commandLine.setExecutionStrategy(parsed -> {
            Logging.configure(cli.verbose);
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return commandLine.execute(args);
        } finally {
            cli.closeDatabase();
            terminal.out().flush();
            terminal.err().flush();
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    Terminal terminal() {
        return terminal;
    }

    Output output() {
        return new Output(terminal.out(), json);
    }

    /** The engine over this run's database (connected on first use). */
    Kanthorq kanthorq() {
        return database(4).kanthorq();
    }

    /** This run's database, with a pool of at least {@code poolSize} connections. */
    Database database(int poolSize) {
        if (database == null) {
            String jdbcUrl = firstOf(url, "KANTHORQ_DATABASE_URL");
            if (jdbcUrl == null || jdbcUrl.isBlank()) {
                throw new UsageException("no database: give --url or set KANTHORQ_DATABASE_URL"
                        + " (e.g. jdbc:postgresql://localhost:5432/app)");
            }
            database = Database.connect(
                    jdbcUrl,
                    firstOf(user, "KANTHORQ_DATABASE_USER"),
                    firstOf(password, "KANTHORQ_DATABASE_PASSWORD"),
                    poolSize);
        }
        return database;
    }

    private String firstOf(String option, String variable) {
        return option != null ? option : terminal.env().get(variable);
    }

    private void closeDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    private static int usageError(PrintWriter err, CommandLine.ParameterException e) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        err.println("kanthorq: " + oneLine(e.getMessage()) + " (see '" + command + " --help')");
        err.flush();
        return USAGE;
    }

    private int failure(Exception e) {
        PrintWriter err = terminal.err();
        boolean usage = e instanceof UsageException || e instanceof InvalidInputException;
        err.println("kanthorq: " + oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        return usage ? USAGE : FAILED;
    }

    /** The message on one line, without the "kanthorq: " prefix core's messages carry. */
    static String oneLine(String message) {
        String text = message.replaceAll("\\s*\\R\\s*", " ").strip();
        return text.startsWith("kanthorq: ") ? text.substring("kanthorq: ".length()) : text;
    }
}
