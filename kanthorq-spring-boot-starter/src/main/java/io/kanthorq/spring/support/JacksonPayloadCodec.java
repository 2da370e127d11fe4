package io.kanthorq.spring.support;

import java.lang.reflect.Type;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/** Payloads as JSON through a Jackson 3 {@link JsonMapper} (the application's, when it has one). */
public final class JacksonPayloadCodec implements PayloadCodec {

    private final JsonMapper mapper;

    /** A codec over {@code mapper}. */
    public JacksonPayloadCodec(JsonMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public byte[] encode(Object payload) {
        return mapper.writeValueAsBytes(payload);
    }

    @Override
    public Object decode(byte[] body, Type type) {
        return mapper.readValue(body, mapper.constructType(type));
    }
}
