package io.kanthorq.core;

/**
 * Thrown before any SQL runs when a name, subject, payload or setting is invalid. The message
 * names the offending value.
 */
public class InvalidInputException extends KanthorqException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception; the message should name the property or value that is wrong. */
    public InvalidInputException(String message) {
        super(message);
    }
}
