package io.kanthorq.dashboard.app;

import static org.springframework.security.config.Customizer.withDefaults;

import io.kanthorq.core.TaskContext;
import io.kanthorq.spring.KanthorqPublisher;
import io.kanthorq.spring.KanthorqSubscriber;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.stereotype.Component;

/**
 * An application with the dashboard, secured the way an application would: form login and HTTP basic,
 * CSRF on (Spring Security's default), a viewer and an admin. The dashboard adds no rule of its own.
 */
@SpringBootApplication
public class DashboardTestApplication {

    /** Who may use the dashboard: demo users of the tests. */
    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("viewer")
                        .password("{noop}viewer-pw")
                        .authorities("KANTHORQ_VIEWER")
                        .build(),
                User.withUsername("admin")
                        .password("{noop}admin-pw")
                        .authorities("KANTHORQ_ADMIN")
                        .build(),
                User.withUsername("stranger")
                        .password("{noop}stranger-pw")
                        .authorities("SOMETHING_ELSE")
                        .build());
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(withDefaults())
                .httpBasic(withDefaults())
                .build();
    }

    /** The shop's handlers. */
    @Component
    public static class Shop {

        /** While true, the payment gateway times out for every refund (not only order 13's). */
        public static final java.util.concurrent.atomic.AtomicBoolean GATEWAY_DOWN =
                new java.util.concurrent.atomic.AtomicBoolean();

        private final KanthorqPublisher publisher;

        Shop(KanthorqPublisher publisher) {
            this.publisher = publisher;
        }

        @KanthorqSubscriber(consumer = "send_email")
        void email(String body) {}

        @KanthorqSubscriber(consumer = "refund_order")
        void refund(String body, TaskContext task) {
            if (body.contains("\"order\":13") || GATEWAY_DOWN.get()) {
                throw new IllegalStateException("payment gateway timed out refunding " + body);
            }
            publisher.publish("order_update", "refund.completed", body);
        }

        @KanthorqSubscriber(consumer = "send_receipt")
        void receipt(String body) {}
    }
}
