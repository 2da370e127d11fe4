package io.kanthorq.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The {@code KANTHORQ_CONSUMERS_*} environment variables of consumers whose names contain {@code _},
 * which relaxed binding cannot read (see {@link ConsumerDefaults}): each is matched to the longest
 * configured consumer name it starts with, and its rest is the key ({@code _} for dots, dashes left
 * out, as relaxed binding writes them: {@code ATTEMPTMAX}, {@code BACKOFF_INITIAL}).
 */
final class EnvironmentKeys {

    private static final Logger log = LoggerFactory.getLogger(EnvironmentKeys.class);
    private static final String PREFIX = "KANTHORQ_CONSUMERS_";

    private final Map<String, Map<String, String>> byConsumer = new LinkedHashMap<>();
    private final Map<ConfigurationPropertyName, String> variableOf = new LinkedHashMap<>();
    private final Set<ConfigurationPropertyName> used = new LinkedHashSet<>();
    private final List<String> unmatched = new ArrayList<>();

    EnvironmentKeys(Map<String, ?> variables, Collection<String> consumers) {
        List<String> underscored = consumers.stream()
                .filter(name -> name.contains("_"))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
        for (Map.Entry<String, ?> variable : variables.entrySet()) {
            String key = variable.getKey().toUpperCase(Locale.ROOT);
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            String rest = key.substring(PREFIX.length());
            String consumer = underscored.stream()
                    .filter(name -> rest.startsWith(name.toUpperCase(Locale.ROOT) + "_"))
                    .findFirst()
                    .orElse(null);
            if (consumer == null) {
                if (consumers.stream().noneMatch(name -> rest.startsWith(name.toUpperCase(Locale.ROOT) + "_"))) {
                    unmatched.add(variable.getKey()); // not even a consumer relaxed binding can read
                }
                continue;
            }
            String property = "kanthorq.consumers[" + consumer + "]."
                    + rest.substring(consumer.length() + 1)
                            .toLowerCase(Locale.ROOT)
                            .replace('_', '.');
            if (!ConfigurationPropertyName.isValid(property)) {
                unmatched.add(variable.getKey());
                continue;
            }
            byConsumer
                    .computeIfAbsent(consumer, c -> new LinkedHashMap<>())
                    .put(property, String.valueOf(variable.getValue()));
            variableOf.put(ConfigurationPropertyName.of(property), variable.getKey());
        }
    }

    /** Binds {@code consumer}'s variables onto {@code target}, remembering which set a property. */
    void bindOnto(String consumer, KanthorqProperties.Consumer target) {
        Map<String, String> properties = byConsumer.get(consumer);
        if (properties == null) {
            return;
        }
        BindHandler recordUse = new BindHandler() {
            @Override
            public Object onSuccess(
                    ConfigurationPropertyName name, Bindable<?> bindable, BindContext context, Object result) {
                if (context.getConfigurationProperty() != null) {
                    used.add(context.getConfigurationProperty().getName());
                }
                return result;
            }
        };
        new Binder(new MapConfigurationPropertySource(properties))
                .bind(
                        ConfigurationPropertyName.of("kanthorq.consumers[" + consumer + "]"),
                        Bindable.ofInstance(target),
                        recordUse);
    }

    /** Warns about every variable that set nothing. */
    void warnAboutUnused() {
        for (String variable : unmatched) {
            log.warn(
                    "kanthorq: environment variable {} is ignored: it names no configured consumer key. A consumer"
                            + " name with '_' cannot be declared by environment variables alone: declare it in"
                            + " application.yml, or use SPRING_APPLICATION_JSON"
                            + " ({\"kanthorq\":{\"consumers\":{\"name\":{\"stream\":\"...\"}}}})",
                    variable);
        }
        variableOf.forEach((property, variable) -> {
            if (!used.contains(property)) {
                log.warn(
                        "kanthorq: environment variable {} is ignored: {} is not a consumer property (write keys"
                                + " without dashes and with _ for dots, e.g. ATTEMPTMAX, BACKOFF_INITIAL)",
                        variable,
                        property);
            }
        });
    }
}
