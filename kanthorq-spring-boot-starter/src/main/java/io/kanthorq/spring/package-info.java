/**
 * What a Spring Boot application uses: inject {@link io.kanthorq.spring.KanthorqPublisher} to publish, annotate
 * handler methods with {@link io.kanthorq.spring.KanthorqSubscriber}, configure consumers under {@code kanthorq.*}
 * or declare them in code with a {@link io.kanthorq.spring.KanthorqConsumers} bean, and listen for
 * {@link io.kanthorq.spring.KanthorqTaskDiscarded} events to alert on dead letters; mark a data source of its own with
 * {@link io.kanthorq.spring.KanthorqDataSource}.
 *
 * <p>The rest of the starter lives in rooms of its own: {@code autoconfigure} (the auto-configuration, its properties
 * and helpers only it uses), {@code runtime} (the beans that register the topology and run the workers, injectable for
 * health checks and operations), {@code subscriber} (finding, binding and invoking handler methods), {@code support}
 * (extension points an application may implement or replace), {@code health}, {@code metrics} and {@code endpoint}
 * (Actuator adapters), {@code aot} (runtime hints for AOT-processed applications).
 */
package io.kanthorq.spring;
