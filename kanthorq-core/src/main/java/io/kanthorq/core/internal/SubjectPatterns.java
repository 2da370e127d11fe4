package io.kanthorq.core.internal;

import io.kanthorq.core.Subjects;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Subject filters as SQL sees them: {@code LIKE} patterns and anchored regular expressions (the
 * filters are validated by {@link Subjects} first), and the same match rule in Java.
 */
public final class SubjectPatterns {

    private SubjectPatterns() {}

    /** Whether {@code subject} matches {@code filter} (the same rule the SQL applies). */
    public static boolean matches(String filter, String subject) {
        return subject.matches(toRegex(filter));
    }

    /**
     * The {@code LIKE} pattern of a validated filter without {@code *} tokens, or null when it has one.
     * A final {@code >} becomes {@code %}: subjects have no empty tokens, so {@code order.%} matches
     * exactly the subjects {@code order.>} does. {@code LIKE} costs next to nothing per row where a
     * regular expression costs microseconds, and most filters are literals or prefixes.
     */
    public static String toLikePattern(String filter) {
        Subjects.requireValidFilter(filter);
        String[] tokens = filter.split("\\.", -1);
        StringBuilder like = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                like.append('.');
            }
            switch (tokens[i]) {
                case "*" -> {
                    return null;
                }
                case ">" -> like.append('%');
                // '_' is LIKE's one-character wildcard; the default escape character is '\'
                default -> like.append(tokens[i].replace("_", "\\_"));
            }
        }
        return like.toString();
    }

    /**
     * Filters prepared for SQL: {@code LIKE} patterns for those that have them, anchored regular
     * expressions for the rest.
     */
    public record SqlFilters(String[] likes, String[] regexes) {

        public static SqlFilters of(List<String> filters) {
            List<String> likes = new ArrayList<>();
            List<String> regexes = new ArrayList<>();
            for (String filter : filters) {
                String like = toLikePattern(filter);
                if (like != null) {
                    likes.add(like);
                } else {
                    regexes.add(toRegex(filter));
                }
            }
            return new SqlFilters(likes.toArray(String[]::new), regexes.toArray(String[]::new));
        }

        public boolean isEmpty() {
            return likes.length == 0 && regexes.length == 0;
        }

        /** Whether these includes take every subject: none given, or {@code >} among them. */
        public boolean matchesAll() {
            return isEmpty() || Arrays.asList(likes).contains("%");
        }
    }

    /** The anchored regular expression of a validated filter (valid in Java and PostgreSQL). */
    public static String toRegex(String filter) {
        Subjects.requireValidFilter(filter);
        StringBuilder regex = new StringBuilder("^");
        String[] tokens = filter.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                regex.append("\\.");
            }
            switch (tokens[i]) {
                case "*" -> regex.append("[^.]+");
                case ">" -> regex.append("[^.]+(\\.[^.]+)*");
                // tokens hold only [A-Za-z0-9_-], none of which is special in a regular expression
                default -> regex.append(tokens[i]);
            }
        }
        return regex.append('$').toString();
    }
}
