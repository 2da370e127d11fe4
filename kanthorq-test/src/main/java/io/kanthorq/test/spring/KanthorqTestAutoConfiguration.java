package io.kanthorq.test.spring;

import io.kanthorq.core.Kanthorq;
import io.kanthorq.spring.runtime.KanthorqWorkers;
import io.kanthorq.spring.support.PayloadCodec;
import io.kanthorq.test.KanthorqTestKit;
import io.kanthorq.test.PayloadReader;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link KanthorqTestKit} of a Spring application's test context: it drains the consumers this
 * application has handlers for, with those handlers and the application's task listeners, and reads
 * payloads with the application's payload codec. Present whenever {@code kanthorq-test} is on the class
 * path of a context that runs KanthorQ; {@link KanthorqTest} adds manual mode and the per-test reset.
 */
@AutoConfiguration(afterName = "io.kanthorq.spring.autoconfigure.KanthorqAutoConfiguration")
@ConditionalOnClass(KanthorqWorkers.class)
@ConditionalOnBean(KanthorqWorkers.class)
public final class KanthorqTestAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KanthorqTestKit kanthorqTestKit(Kanthorq kanthorq, KanthorqWorkers workers, PayloadCodec codec) {
        PayloadReader reader = (event, type) -> codec.decode(event.body(), type);
        return new KanthorqTestKit(kanthorq, workers::inlineWorker, workers::handledConsumers, reader);
    }
}
