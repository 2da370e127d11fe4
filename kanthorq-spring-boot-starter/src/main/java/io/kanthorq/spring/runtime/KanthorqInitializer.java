package io.kanthorq.spring.runtime;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.spring.subscriber.SubscriberDefinitionException;
import io.kanthorq.spring.subscriber.SubscriberDiscovery;
import io.kanthorq.spring.subscriber.SubscriberMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Prepares the database once the application's beans exist, in an order that keeps invalid
 * configurations away from it: (1) validate the subscriber methods against the configured
 * consumers, (2) apply the registry migrations (or, with {@code kanthorq.ddl=validate}, check them), (3) register the declared streams and consumers.
 * Properties were validated earlier, when the {@link KanthorqTopology} was built.
 *
 * <p>Runs after all singletons are instantiated, so every eagerly created bean has been scanned
 * before the first statement. A publish during bean initialization runs it early, on first use.
 */
public class KanthorqInitializer implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(KanthorqInitializer.class);

    private final KanthorqTopology topology;
    private final SubscriberDiscovery discovery;
    private final RegistryMigrator migrator;
    private final Kanthorq kanthorq;
    private volatile List<SubscriberMethod> subscribers;

    /** An initializer for {@code topology}. */
    public KanthorqInitializer(
            KanthorqTopology topology, SubscriberDiscovery discovery, RegistryMigrator migrator, Kanthorq kanthorq) {
        this.topology = topology;
        this.discovery = discovery;
        this.migrator = migrator;
        this.kanthorq = kanthorq;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ensureInitialized();
    }

    /** Whether the database is prepared. */
    public boolean isInitialized() {
        return subscribers != null;
    }

    /** Validates, migrates and registers unless done already; returns the validated subscribers. */
    public List<SubscriberMethod> ensureInitialized() {
        List<SubscriberMethod> ready = subscribers;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (subscribers == null) {
                List<SubscriberMethod> validated = validate(discovery.discover());
                // Nothing above touched the database; from here on it is safe to.
                migrator.prepare();
                List<ConsumerDefinition> definitions = topology.consumers().stream()
                        .map(KanthorqTopology.ConsumerSettings::definition)
                        .toList();
                kanthorq.registrar().registerAll(topology.streams(), definitions);
                log.info(
                        "kanthorq: registered {} stream(s) and {} consumer(s); {} subscriber method(s)",
                        topology.streams().size(),
                        definitions.size(),
                        validated.size());
                subscribers = validated;
            }
            return subscribers;
        }
    }

    private List<SubscriberMethod> validate(SubscriberDiscovery.Result found) {
        List<String> problems = new ArrayList<>(found.problems());
        Map<String, SubscriberMethod> byConsumer = new LinkedHashMap<>();
        for (SubscriberMethod subscriber : found.subscribers()) {
            if (topology.consumer(subscriber.consumer()).isEmpty()) {
                problems.add(subscriber.describe() + ": consumer '" + subscriber.consumer()
                        + "' is not configured; declare kanthorq.consumers." + subscriber.consumer()
                        + " (configured: "
                        + topology.consumers().stream().map(c -> c.name()).toList() + ")");
                continue;
            }
            if (topology.declaredHandler(subscriber.consumer()).isPresent()) {
                problems.add(subscriber.describe() + ": consumer '" + subscriber.consumer() + "' is declared in code"
                        + " (a KanthorqConsumers bean) with its own handler; a consumer has exactly one handler");
                continue;
            }
            SubscriberMethod earlier = byConsumer.putIfAbsent(subscriber.consumer(), subscriber);
            if (earlier != null) {
                problems.add("consumer '" + subscriber.consumer() + "' has two subscribers, " + earlier.describe()
                        + " and " + subscriber.describe() + "; a consumer has exactly one subscriber method (declare"
                        + " another consumer to process the same events twice)");
            }
        }
        if (!problems.isEmpty()) {
            throw new SubscriberDefinitionException(problems);
        }
        return List.copyOf(byConsumer.values());
    }
}
