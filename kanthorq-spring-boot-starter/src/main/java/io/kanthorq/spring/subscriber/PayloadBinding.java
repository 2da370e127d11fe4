package io.kanthorq.spring.subscriber;

import io.kanthorq.core.DiscardException;
import io.kanthorq.core.Event;
import io.kanthorq.core.TaskContext;
import io.kanthorq.spring.support.PayloadCodec;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.springframework.core.ResolvableType;

/**
 * How the parameters of a subscriber method are filled: the payload ({@link Event}, {@code String},
 * {@code byte[]} or a type read by the {@link PayloadCodec}), optionally followed by the
 * {@link TaskContext}; or the {@link TaskContext} alone.
 *
 * @param kind        what the payload parameter is
 * @param payloadType the declared payload type, generics resolved against the bean class
 * @param withContext whether a {@link TaskContext} parameter follows the payload
 */
public record PayloadBinding(Kind kind, Type payloadType, boolean withContext) {

    /** What the payload parameter is. */
    public enum Kind {
        /** No payload parameter: the method takes only the {@link TaskContext}. */
        NONE,
        /** The whole {@link Event}. */
        EVENT,
        /** The body decoded as UTF-8. */
        STRING,
        /** The body bytes. */
        BYTES,
        /** The body read by the {@link PayloadCodec} (JSON by default). */
        OBJECT
    }

    /**
     * The binding of {@code method} declared on {@code beanClass}; throws
     * {@link IllegalArgumentException} describing why the signature is not supported.
     */
    public static PayloadBinding of(Method method, Class<?> beanClass) {
        Class<?>[] types = method.getParameterTypes();
        Class<?> returnType = method.getReturnType();
        if (CompletionStage.class.isAssignableFrom(returnType) || Future.class.isAssignableFrom(returnType)) {
            throw new IllegalArgumentException("it returns " + returnType.getSimpleName()
                    + ": asynchronous subscribers are not supported, the task completes when the method returns");
        }
        if (types.length == 1 && types[0] == TaskContext.class) {
            return new PayloadBinding(Kind.NONE, TaskContext.class, true);
        }
        if (types.length == 0 || types.length > 2) {
            throw new IllegalArgumentException("it takes " + types.length + " parameters; a subscriber takes the"
                    + " payload (Event, String, byte[] or a JSON-bound type), optionally followed by a TaskContext");
        }
        if (types[0] == TaskContext.class) {
            throw new IllegalArgumentException("its TaskContext parameter must come after the payload");
        }
        if (types.length == 2 && types[1] != TaskContext.class) {
            throw new IllegalArgumentException("its second parameter is " + types[1].getName()
                    + "; only io.kanthorq.core.TaskContext may follow the payload");
        }
        ResolvableType payload = ResolvableType.forMethodParameter(method, 0, beanClass);
        if (payload.hasUnresolvableGenerics()) {
            throw new IllegalArgumentException("its payload type " + payload + " has unresolvable generics");
        }
        Kind kind = types[0] == Event.class
                ? Kind.EVENT
                : types[0] == String.class ? Kind.STRING : types[0] == byte[].class ? Kind.BYTES : Kind.OBJECT;
        return new PayloadBinding(kind, payload.getType(), types.length == 2);
    }

    /**
     * The arguments for one task. A body the codec cannot read throws {@link DiscardException}:
     * retrying would fail the same way, so the task is dead-lettered with the error recorded.
     */
    public Object[] arguments(TaskContext task, PayloadCodec codec) {
        if (kind == Kind.NONE) {
            return new Object[] {task};
        }
        Event event = task.event();
        Object payload = switch (kind) {
            case EVENT -> event;
            case STRING -> event.bodyAsString();
            case BYTES -> event.body();
            case OBJECT -> decode(event, codec);
            case NONE -> throw new IllegalStateException("unreachable");
        };
        return withContext ? new Object[] {payload, task} : new Object[] {payload};
    }

    private Object decode(Event event, PayloadCodec codec) {
        try {
            return codec.decode(event.body(), payloadType);
        } catch (RuntimeException e) {
            throw new DiscardException(
                    "kanthorq: the body of event " + event.id() + " (subject '" + event.subject()
                            + "') cannot be read as " + payloadType.getTypeName() + ": " + e.getMessage(),
                    e);
        }
    }
}
