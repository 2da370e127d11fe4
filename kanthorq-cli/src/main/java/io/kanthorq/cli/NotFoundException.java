package io.kanthorq.cli;

/** Something the command names does not exist (exit code 1). */
final class NotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    NotFoundException(String message) {
        super(message);
    }
}
