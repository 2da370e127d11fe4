package io.kanthorq.core;

/**
 * Base of every unchecked exception KanthorQ throws: invalid input, configuration problems and
 * database failures (with the failing operation named in the message).
 */
public class KanthorqException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message that names the problem. */
    public KanthorqException(String message) {
        super(message);
    }

    /** Creates an exception with a message that names the problem and its cause. */
    public KanthorqException(String message, Throwable cause) {
        super(message, cause);
    }
}
