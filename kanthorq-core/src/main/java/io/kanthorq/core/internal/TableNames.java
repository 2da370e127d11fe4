package io.kanthorq.core.internal;

import io.kanthorq.core.Names;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The table and index names derived from validated stream and consumer names: every name passes
 * {@link Names#requireValid} before it becomes part of an identifier.
 */
public final class TableNames {

    private TableNames() {}

    /** The table of a stream: {@code kanthorq_stream_<name>}. */
    public static String streamTable(String stream) {
        return "kanthorq_stream_" + Names.requireValid("stream", stream);
    }

    /** The task table of a consumer: {@code kanthorq_consumer_<name>}. */
    public static String consumerTable(String consumer) {
        return "kanthorq_consumer_" + Names.requireValid("consumer", consumer);
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
}
