package io.kanthorq.sample.security;

import static org.springframework.security.config.Customizer.withDefaults;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sample's security, for the KanthorQ dashboard at {@code /kanthorq}: DEMO ONLY — two users with
 * passwords in the code, {@code viewer}/{@code viewer} (may look) and {@code admin}/{@code admin} (may also
 * redrive, cancel, pause and publish). The shop's own API and the actuator stay open, as the README's
 * walkthrough uses them with curl; everything else needs a login (form or HTTP basic), with Spring
 * Security's CSRF protection on for the dashboard.
 */
@Configuration(proxyBeanMethods = false)
public class SampleSecurity {

    @Bean
    SecurityFilterChain sampleSecurityChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers("/orders", "/orders/**", "/actuator/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                // the shop's JSON API is called by scripts (curl), not by a browser session
                .csrf(csrf -> csrf.ignoringRequestMatchers("/orders", "/orders/**"))
                .formLogin(withDefaults())
                .httpBasic(withDefaults())
                .build();
    }

    /** DEMO ONLY: in-memory users with the dashboard's default authorities. */
    @Bean
    InMemoryUserDetailsManager sampleUsers() {
        return new InMemoryUserDetailsManager(
                User.withUsername("viewer")
                        .password("{noop}viewer")
                        .authorities("KANTHORQ_VIEWER")
                        .build(),
                User.withUsername("admin")
                        .password("{noop}admin")
                        .authorities("KANTHORQ_ADMIN")
                        .build());
    }
}
