package io.kanthorq.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The order scenario of the KanthorQ docs: a small shop publishes {@code order.created},
 * {@code order.cancelled} and {@code order.failed} to the stream {@code order_update} in the same
 * transaction as its own writes, and four consumers react — a notification, a cancellation email,
 * a refund through a flaky payment gateway and an apology email.
 *
 * <p>Run it with {@code ./mvnw -pl kanthorq-sample-app -am spring-boot:run}: without
 * {@code spring.datasource.url} it starts an embedded PostgreSQL of its own.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
