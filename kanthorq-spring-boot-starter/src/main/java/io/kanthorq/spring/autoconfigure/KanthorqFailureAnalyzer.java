package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.MissingTablesException;
import io.kanthorq.spring.runtime.KanthorqStartupException;
import io.kanthorq.spring.subscriber.SubscriberDefinitionException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns KanthorQ's startup failures (invalid {@code kanthorq.*} values, invalid subscriber methods, a
 * database it cannot reach, log in to or create its tables in) into Spring Boot's failure report
 * instead of a bare stack trace.
 */
final class KanthorqFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof KanthorqStartupException startup) {
                return new FailureAnalysis(startup.getMessage(), startup.action(), startup);
            }
            if (cause instanceof MissingTablesException missing) {
                return new FailureAnalysis(
                        "KanthorQ runs with kanthorq.ddl=validate and these tables are not ready:\n  - "
                                + String.join("\n  - ", missing.problems()),
                        "Run the commands above once as a database user allowed to create tables (the CLI of this"
                                + " release, with the application's URL), or set kanthorq.ddl=auto.",
                        cause);
            }
            if (cause instanceof SubscriberDefinitionException) {
                return new FailureAnalysis(
                        cause.getMessage(),
                        "Fix the @KanthorqSubscriber methods listed above, or declare their consumers under"
                                + " kanthorq.consumers.",
                        cause);
            }
            if (cause instanceof InvalidInputException) {
                return new FailureAnalysis(
                        cause.getMessage(),
                        "Fix the kanthorq.* configuration named above; stream and consumer names must match"
                                + " ^[a-z][a-z0-9_]{0,44}$.",
                        cause);
            }
        }
        return null;
    }
}
