package io.kanthorq.spring.autoconfigure;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.Names;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * {@code kanthorq.consumer-defaults.*} under every consumer. Boot binds each map value on its own,
 * into a fresh object, so each consumer is bound again onto a copy of the defaults: a key the consumer
 * sets wins, one it leaves out keeps the default, and a default left out the built-in value. A list
 * (subjects) set on the consumer replaces the default's.
 *
 * <p>A consumer's keys are read in both spellings of its name, dotted
 * ({@code kanthorq.consumers.send_email.attempt-max}, as YAML writes it) and in brackets
 * ({@code kanthorq.consumers[send_email].attempt-max}, as system properties and arguments must).
 * Boot tells the two apart for a name with {@code _} and would bind whichever source it met first,
 * silently dropping the other's keys; here both apply, the bracketed ones last.
 *
 * <p>Environment variables cannot spell a {@code _} that belongs to a name: relaxed binding reads
 * {@code KANTHORQ_CONSUMERS_SEND_EMAIL_ATTEMPTMAX} as consumer {@code send}. Such a variable is matched
 * against the configured consumers instead (the longest name whose upper-case form it starts with)
 * and applied to that consumer, after its dotted keys and before its bracketed ones. A variable that
 * matches no configured consumer, or names no consumer key, is ignored with a warning naming it and
 * the spellings that work.
 */
final class ConsumerDefaults {

    static final String PREFIX = "kanthorq.consumer-defaults";
    private static final String CONSUMERS = "kanthorq.consumers";

    private ConsumerDefaults() {}

    /**
     * Every consumer of {@code binder}'s configuration, in order, with the defaults and the consumer keys of
     * {@code environmentVariables} applied.
     */
    static Map<String, KanthorqProperties.Consumer> apply(Binder binder, Map<String, ?> environmentVariables) {
        Map<String, KanthorqProperties.Consumer> bound = binder.bind(
                        CONSUMERS, Bindable.mapOf(String.class, KanthorqProperties.Consumer.class))
                .orElseGet(LinkedHashMap::new);
        EnvironmentKeys environment = new EnvironmentKeys(environmentVariables, bound.keySet());
        Map<String, KanthorqProperties.Consumer> effective = new LinkedHashMap<>();
        for (Map.Entry<String, KanthorqProperties.Consumer> entry : bound.entrySet()) {
            String name = entry.getKey();
            try {
                Names.requireValid("consumer", name);
            } catch (InvalidInputException e) {
                effective.put(name, entry.getValue()); // the topology reports the name, naming the property
                continue;
            }
            KanthorqProperties.Consumer consumer =
                    binder.bind(PREFIX, KanthorqProperties.Consumer.class).orElseGet(KanthorqProperties.Consumer::new);
            // the name is validated above, so both spellings are well-formed
            binder.bind(ConfigurationPropertyName.adapt(CONSUMERS + "." + name, '.'), Bindable.ofInstance(consumer));
            environment.bindOnto(name, consumer);
            binder.bind(ConfigurationPropertyName.of(CONSUMERS + "[" + name + "]"), Bindable.ofInstance(consumer));
            effective.put(name, consumer);
        }
        environment.warnAboutUnused();
        return effective;
    }
}
