package io.kanthorq.dashboard;

import static org.springframework.security.config.Customizer.withDefaults;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The dashboard as a process of its own, for operators: {@code java -jar kanthorq-dashboard-<version>-standalone.jar
 * --url jdbc:postgresql://host/db [--user u] [--password p] [--port 8080] [--address 127.0.0.1]
 * [--admin-password secret] [--read-only]}. It runs no worker and publishes nothing (publishing needs the
 * application's configured streams); it reads and operates every stream and consumer of the database.
 *
 * <p>Bound to 127.0.0.1 unless told otherwise. On a loopback address it may run without a password (only
 * this machine reaches it); on any other address it refuses to start without {@code --admin-password}
 * (or {@code KANTHORQ_DASHBOARD_PASSWORD}), and then asks for user {@code admin} and that password.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class StandaloneDashboard {

    /** Starts the standalone dashboard; the context stops it. */
    public static ConfigurableApplicationContext start(String... args) {
        Map<String, String> options = options(args);
        String url = require(options, "url", System.getenv("KANTHORQ_DATABASE_URL"));
        String address = options.getOrDefault("address", "127.0.0.1");
        String adminPassword = options.getOrDefault("admin-password", System.getenv("KANTHORQ_DASHBOARD_PASSWORD"));
        boolean loopback = isLoopback(address);
        if (!loopback && (adminPassword == null || adminPassword.isBlank())) {
            throw new IllegalArgumentException("kanthorq dashboard: --address " + address + " is reachable from other"
                    + " machines: set --admin-password (or KANTHORQ_DASHBOARD_PASSWORD), or bind to 127.0.0.1");
        }
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put(
                "spring.datasource.username",
                options.getOrDefault("user", envOr("KANTHORQ_DATABASE_USER", "postgres")));
        properties.put(
                "spring.datasource.password",
                options.getOrDefault("password", envOr("KANTHORQ_DATABASE_PASSWORD", "")));
        properties.put("spring.datasource.hikari.maximum-pool-size", "8");
        properties.put("server.address", address);
        properties.put("server.port", options.getOrDefault("port", "8080"));
        properties.put("spring.main.banner-mode", "off");
        properties.put("kanthorq.workers.enabled", "false");
        properties.put("kanthorq.listen", "false");
        properties.put("kanthorq.dashboard.enabled", "true");
        properties.put("kanthorq.dashboard.read-only", String.valueOf(options.containsKey("read-only")));
        properties.put("kanthorq.standalone.admin-password", adminPassword == null ? "" : adminPassword);
        return new SpringApplicationBuilder(StandaloneDashboard.class)
                .web(WebApplicationType.SERVLET)
                .properties(properties)
                .run();
    }

    public static void main(String[] args) {
        try {
            start(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** With a password: form login and basic auth as {@code admin}; without (loopback only): open. */
    @Bean
    SecurityFilterChain standaloneSecurity(
            HttpSecurity http, @Value("${kanthorq.standalone.admin-password:}") String password) throws Exception {
        if (password.isBlank()) {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(withDefaults())
                .httpBasic(withDefaults())
                .build();
    }

    @Bean
    InMemoryUserDetailsManager standaloneUsers(@Value("${kanthorq.standalone.admin-password:}") String password) {
        if (password.isBlank()) {
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername("admin")
                .password("{noop}" + password)
                .authorities("KANTHORQ_ADMIN")
                .build());
    }

    /** Without a password every request is the admin's: only this machine reaches a loopback address. */
    @Bean
    DashboardAccess standaloneAccess(
            @Value("${kanthorq.standalone.admin-password:}") String password, DashboardProperties properties) {
        return password.isBlank()
                ? DashboardAccess.open()
                : new SpringSecurityAccess(properties.getViewerAuthority(), properties.getAdminAuthority());
    }

    static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("kanthorq dashboard: unknown --address " + address, e);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("kanthorq dashboard: unexpected argument '" + arg + "'; options:"
                        + " --url --user --password --port --address --admin-password --read-only");
            }
            String name = arg.substring(2);
            switch (name) {
                case "read-only" -> options.put(name, "true");
                case "url", "user", "password", "port", "address", "admin-password" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("kanthorq dashboard: " + arg + " needs a value");
                    }
                    options.put(name, args[++i]);
                }
                default ->
                    throw new IllegalArgumentException("kanthorq dashboard: unknown option " + arg + "; options:"
                            + " --url --user --password --port --address --admin-password --read-only");
            }
        }
        return options;
    }

    private static String require(Map<String, String> options, String name, String fallback) {
        String value = options.getOrDefault(name, fallback);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("kanthorq dashboard: --" + name + " is required (a jdbc:postgresql: URL;"
                    + " or KANTHORQ_DATABASE_URL)");
        }
        return value;
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
