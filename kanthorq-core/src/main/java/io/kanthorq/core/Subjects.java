package io.kanthorq.core;

import io.kanthorq.core.internal.SubjectPatterns;
import java.util.List;

/**
 * Subjects ({@code order.cancelled}) and subject filters with NATS wildcards: {@code *} matches
 * exactly one token, {@code >} (last token only) matches one or more trailing tokens. Filters are
 * turned into anchored POSIX regular expressions that PostgreSQL evaluates as bound parameters.
 */
public final class Subjects {

    /** Longest accepted subject. */
    public static final int MAX_LENGTH = 256;

    private Subjects() {}

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
            boolean ok = isToken(token) || token.equals("*") || (token.equals(">") && i == tokens.length - 1);
            if (!ok) {
                throw invalidFilter(filter);
            }
        }
        return filter;
    }

    /**
     * Whether {@code subject} matches {@code filter}, by the rule consumers use ({@code *} one token,
     * a final {@code >} one or more); the filter is validated first.
     */
    public static boolean matches(String filter, String subject) {
        return SubjectPatterns.matches(requireValidFilter(filter), subject);
    }

    /** Validates every filter of {@code filters}. */
    public static List<String> requireValidFilters(List<String> filters) {
        if (filters == null) {
            return List.of();
        }
        filters.forEach(Subjects::requireValidFilter);
        return List.copyOf(filters);
    }

    private static InvalidInputException invalidFilter(String filter) {
        return new InvalidInputException("invalid subject filter " + Names.quote(filter)
                + ": it must be dot-separated tokens of letters, digits, '_' or '-', '*' for one token, or a final"
                + " '>' for one or more tokens");
    }
}
