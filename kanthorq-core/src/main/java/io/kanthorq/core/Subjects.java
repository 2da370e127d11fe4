package io.kanthorq.core;

import java.util.List;

/**
 * Subjects ({@code order.cancelled}) and subject filters with NATS wildcards: {@code *} matches
 * exactly one token, {@code >} (last token only) matches one or more trailing tokens. Filters are
 * turned into anchored POSIX regular expressions that PostgreSQL evaluates as bound parameters.
 */
public final class Subjects {

    /** Longest accepted subject. */
    public static final int MAX_LENGTH = 256;


    private Subjects() {
    }

    /** Returns {@code subject} if valid, else throws an {@link InvalidInputException} naming it. */
    public static String requireValid(String subject) {
        if (subject == null || subject.length() > MAX_LENGTH || !isSubject(subject)) {
            throw new InvalidInputException("invalid subject " + Names.quote(subject)
                    + ": it must be dot-separated tokens of letters, digits, '_' or '-', at most " + MAX_LENGTH
                    + " characters");
        }
        return subject;
    }

    /**
     * Whether {@code subject} is dot-separated non-empty tokens of {@code [A-Za-z0-9_-]}. A scan, not
     * a regular expression: a batch publish checks every event's subject, and {@code java.util.regex}
     * allocates per match for the repeated group.
     */
    private static boolean isSubject(String subject) {
        boolean tokenStart = true;
        for (int i = 0; i < subject.length(); i++) {
            char c = subject.charAt(i);
            if (c == '.') {
                if (tokenStart) {
                    return false;
                }
                tokenStart = true;
            } else if (isTokenChar(c)) {
                tokenStart = false;
            } else {
                return false;
            }
        }
        return !tokenStart;
    }

    private static boolean isToken(String token) {
        return !token.isEmpty() && token.chars().allMatch(c -> isTokenChar((char) c));
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /** Returns {@code filter} if it is a valid subject filter, else throws naming it. */
    public static String requireValidFilter(String filter) {
        if (filter == null || filter.isEmpty() || filter.length() > MAX_LENGTH) {
            throw invalidFilter(filter);
        }
        String[] tokens = filter.split("\\.", -1);
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            boolean ok = isToken(token) || token.equals("*")
                    || (token.equals(">") && i == tokens.length - 1);
            if (!ok) {
                throw invalidFilter(filter);
            }
        }
        return filter;
    }

    /** Validates every filter of {@code filters}. */
    public static List<String> requireValidFilters(List<String> filters) {
        if (filters == null) {
            return List.of();
        }
        filters.forEach(Subjects::requireValidFilter);
        return List.copyOf(filters);
    }

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
        requireValidFilter(filter);
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
    record SqlFilters(String[] likes, String[] regexes) {

        static SqlFilters of(List<String> filters) {
            List<String> likes = new java.util.ArrayList<>();
            List<String> regexes = new java.util.ArrayList<>();
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

        boolean isEmpty() {
            return likes.length == 0 && regexes.length == 0;
        }

        /** Whether these includes take every subject: none given, or {@code >} among them. */
        boolean matchesAll() {
            return isEmpty() || java.util.Arrays.asList(likes).contains("%");
        }
    }

    /** The anchored regular expression of a validated filter (valid in Java and PostgreSQL). */
    public static String toRegex(String filter) {
        requireValidFilter(filter);
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

    private static InvalidInputException invalidFilter(String filter) {
        return new InvalidInputException("invalid subject filter " + Names.quote(filter)
                + ": it must be dot-separated tokens of letters, digits, '_' or '-', '*' for one token, or a final"
                + " '>' for one or more tokens");
    }
}
