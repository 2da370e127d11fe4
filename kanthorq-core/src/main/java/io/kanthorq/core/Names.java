package io.kanthorq.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Validation of stream and consumer names, and the table and index names derived from them.
 * Names become SQL identifiers, so this is the SQL-injection boundary: nothing reaches SQL text
 * unless it passed {@link #requireValid}.
 */
public final class Names {

    /** Longest accepted stream or consumer name. */
    public static final int MAX_LENGTH = 45;

    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,44}$");

    private Names() {
    }

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

    /** The table of a stream: {@code kanthorq_stream_<name>}. */
    public static String streamTable(String stream) {
        return "kanthorq_stream_" + requireValid("stream", stream);
    }

    /** The task table of a consumer: {@code kanthorq_consumer_<name>}. */
    public static String consumerTable(String consumer) {
        return "kanthorq_consumer_" + requireValid("consumer", consumer);
    }

    /**
     * The prefix of index and constraint names of a table: {@code kq_<8 hex of SHA-256(table)>}.
     * PostgreSQL truncates identifiers past 63 bytes silently, which would make two tables' indexes
     * collide; a hash keeps every name short and distinct.
     */
    public static String indexPrefix(String table) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(table.getBytes(StandardCharsets.UTF_8));
            return "kq_" + HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…(" + value.length() + " chars)" : value;
        return "'" + shown + "'";
    }
}
