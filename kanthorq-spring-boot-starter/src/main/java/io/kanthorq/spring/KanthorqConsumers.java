package io.kanthorq.spring;

import io.kanthorq.core.ConsumerDefinition;
import io.kanthorq.core.TaskHandler;
import io.kanthorq.core.WorkerOptions;

/**
 * Declares consumers in code, for applications that generate them (one per tenant or region, from
 * their own configuration) rather than list them under {@code kanthorq.consumers}. Every bean of this
 * type is asked once at startup, before anything touches the database. Its consumers are validated,
 * registered and worked like configured ones, each by the handler it is declared with (so it has no
 * {@code @KanthorqSubscriber} method); a name declared twice, here and in the configuration or by two
 * beans, fails the start naming both.
 *
 * <pre>{@code
 * @Bean
 * KanthorqConsumers tenantConsumers(Tenants tenants, Invoices invoices) {
 *     return consumers -> tenants.all().forEach(tenant -> consumers.add(
 *             ConsumerDefinition.builder("invoice_" + tenant.id(), "billing")
 *                     .subjects("invoice." + tenant.id() + ".>")
 *                     .build(),
 *             task -> invoices.handle(tenant, task.event())));
 * }
 * }</pre>
 */
@FunctionalInterface
public interface KanthorqConsumers {

    /** Adds this bean's consumers to {@code consumers}. */
    void declare(Declarations consumers);

    /** What a {@link KanthorqConsumers} bean declares its consumers into. */
    interface Declarations {

        /**
         * A consumer worked in this instance by {@code handler}, with the worker settings of
         * {@code kanthorq.consumer-defaults} (the built-in ones where it sets none). Its registered
         * settings (subjects, attempts, backoff, …) are those of {@code definition}.
         */
        Declarations add(ConsumerDefinition definition, TaskHandler handler);

        /**
         * The same with {@code options} as its worker settings (concurrency, batch size, prefetch,
         * claim-ahead, poll interval); shutdown timeout and handler threads stay the application's.
         */
        Declarations add(ConsumerDefinition definition, WorkerOptions options, TaskHandler handler);
    }
}
