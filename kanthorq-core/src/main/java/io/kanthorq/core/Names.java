package io.kanthorq.core;

import java.util.regex.Pattern;

/**
 * Validation of stream and consumer names. Names become SQL identifiers (the engine derives table
 * and index names from them), so this is the SQL-injection boundary: nothing reaches SQL text unless
 * it passed {@link #requireValid}.
 */
public final class Names {

    /** Longest accepted stream or consumer name. */
    public static final int MAX_LENGTH = 45;

    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,44}$");

    private Names() {}

    /**
     * Returns {@code name} if it matches {@code ^[a-z][a-z0-9_]{0,44}$}, else throws an
     * {@link InvalidInputException} naming {@code what} and the value.
     */
    public static String requireValid(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException("invalid " + what + " name " + quote(name)
                    + ": it must match ^[a-z][a-z0-9_]{0,44}$ (lower-case letter first, then up to 44 lower-case"
                    + " letters, digits or underscores)");
        }
        return name;
    }

    /** {@code value} quoted for an error message, shortened past 80 characters. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…(" + value.length() + " chars)" : value;
        return "'" + shown + "'";
    }
}
