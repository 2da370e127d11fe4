package io.kanthorq.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log levels of a CLI run (the log goes to stderr, see {@code logback.xml}): warnings only by default,
 * so results on stdout stay clean; the engine's INFO lines and the pool's messages with {@code --verbose}.
 */
final class Logging {

    private Logging() {}

    static void configure(boolean verbose) {
        level("io.kanthorq", verbose ? Level.INFO : Level.WARN);
        // connection failures are reported by the CLI itself, in one line
        level("com.zaxxer.hikari", verbose ? Level.INFO : Level.OFF);
        level("org.flywaydb", verbose ? Level.INFO : Level.WARN);
    }

    private static void level(String logger, Level level) {
        if (LoggerFactory.getLogger(logger) instanceof Logger logback) {
            logback.setLevel(level);
        }
    }
}
