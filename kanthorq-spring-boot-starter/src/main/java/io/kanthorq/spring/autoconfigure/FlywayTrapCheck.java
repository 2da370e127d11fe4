package io.kanthorq.spring.autoconfigure;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Warns at startup about the Spring Boot 4 Flyway trap: the application ships migrations, but no
 * Flyway of its own runs them, because plain {@code flyway-core} (enough in Boot 3) is no longer
 * auto-configured. KanthorQ's own Flyway logs "Migrating schema" for its tables meanwhile, so nothing
 * else hints that the application's tables were never created.
 */
final class FlywayTrapCheck {

    private static final Logger log = LoggerFactory.getLogger(FlywayTrapCheck.class);
    private static final String FLYWAY = "org.flywaydb.core.Flyway";
    private static final int NAMED = 3;

    private FlywayTrapCheck() {}

    /** The warning, or null when there is none to give. */
    static String problem(ListableBeanFactory beans, ResourcePatternResolver resources, Environment environment) {
        if (!environment.getProperty("spring.flyway.enabled", Boolean.class, true)) {
            return null; // switched off on purpose
        }
        if (hasFlywayBean(beans)) {
            return null;
        }
        String[] locations = environment.getProperty(
                "spring.flyway.locations", String[].class, new String[] {"classpath:db/migration"});
        List<String> found = new ArrayList<>();
        for (String location : locations) {
            Set<String> names = migrations(resources, location);
            if (!names.isEmpty()) {
                found.add(location + ": "
                        + String.join(", ", names.stream().limit(NAMED).toList())
                        + (names.size() > NAMED ? " and " + (names.size() - NAMED) + " more" : ""));
            }
        }
        if (found.isEmpty()) {
            return null;
        }
        return "kanthorq: the application has Flyway migrations (" + String.join("; ", found) + ") but no Flyway"
                + " of its own runs them: with Spring Boot 4 add spring-boot-starter-flyway (flyway-core alone, the"
                + " Boot 3 way, is not auto-configured any more), or set spring.flyway.enabled=false if another tool"
                + " runs them. KanthorQ's own Flyway migrates only KanthorQ's tables (history table"
                + " kanthorq_schema_history): its \"Migrating schema\" log lines are not the application's";
    }

    static void warnIfTrapped(ListableBeanFactory beans, ResourcePatternResolver resources, Environment environment) {
        String problem = problem(beans, resources, environment);
        if (problem != null) {
            log.warn(problem);
        }
    }

    private static boolean hasFlywayBean(ListableBeanFactory beans) {
        try {
            Class<?> flyway = Class.forName(FLYWAY, false, FlywayTrapCheck.class.getClassLoader());
            return beans.getBeanNamesForType(flyway, true, false).length > 0;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The SQL migration file names under a {@code classpath:} location (other locations are not looked at). */
    private static Set<String> migrations(ResourcePatternResolver resources, String location) {
        Set<String> names = new TreeSet<>();
        if (!location.startsWith("classpath:")) {
            return names;
        }
        String path = location.substring("classpath:".length()).replaceAll("^/+|/+$", "");
        try {
            for (Resource resource : resources.getResources("classpath*:" + path + "/**/*.sql")) {
                String name = resource.getFilename();
                if (name != null && (name.startsWith("V") || name.startsWith("R"))) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            log.debug("kanthorq: could not look for migrations in {}", location, e);
        }
        return names;
    }
}
