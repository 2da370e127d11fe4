package io.kanthorq.spring.runtime;

import io.kanthorq.core.KanthorqException;

/**
 * KanthorQ could not prepare the database at startup: the database is unreachable, refused the
 * user, does not exist, or the user may not create KanthorQ's tables. Carries what Spring Boot's
 * failure report shows: what happened (naming the JDBC URL, never its password) and what to do.
 */
public class KanthorqStartupException extends KanthorqException {

    private static final long serialVersionUID = 1L;

    private final String action;

    /** A failure described by {@code description}, with {@code action} telling what to do. */
    public KanthorqStartupException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    /** What to do about it. */
    public String action() {
        return action;
    }
}
