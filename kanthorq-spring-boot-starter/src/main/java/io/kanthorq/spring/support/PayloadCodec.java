package io.kanthorq.spring.support;

import io.kanthorq.core.KanthorqException;
import java.lang.reflect.Type;

/**
 * Writes and reads payloads that are neither {@code byte[]} nor {@code String} (those are always
 * stored as is and as UTF-8). The starter uses JSON through the application's Jackson 3
 * {@code JsonMapper}; define a bean of this type to use another format.
 */
public interface PayloadCodec {

    /** Whether this codec can write and read objects at all. */
    boolean isAvailable();

    /** The body of {@code payload}; throws a clear exception when the payload cannot be written. */
    byte[] encode(Object payload);

    /** Reads {@code body} as {@code type}; throws when the body does not fit the type. */
    Object decode(byte[] body, Type type);

    /** The codec of an application without Jackson: objects cannot be published or bound. */
    PayloadCodec NONE = new PayloadCodec() {
        private static final String WHY = "JSON payloads need Jackson 3 (tools.jackson.databind.json.JsonMapper) on"
                + " the classpath, e.g. through spring-boot-starter-jackson";

        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public byte[] encode(Object payload) {
            throw new KanthorqException("kanthorq: cannot publish a payload of type "
                    + payload.getClass().getName() + ": " + WHY + "; or publish a String or byte[]");
        }

        @Override
        public Object decode(byte[] body, Type type) {
            throw new KanthorqException("kanthorq: cannot read a payload as " + type.getTypeName() + ": " + WHY);
        }
    };
}
