package io.kanthorq.core.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A statement written with named parameters ({@code :cursor}), expanded once into JDBC's positional
 * {@code ?} and the order in which names fill them. A name used twice is bound twice, so the statement
 * and its plan are the same as the positional one; the values are looked up by name instead of by a
 * position that is easy to miscount. Casts ({@code ::xid8}), string literals and comments are left
 * alone.
 */
public final class NamedParameters {

    private final String sql;
    private final List<String> order;
    private final Set<String> names;

    private NamedParameters(String sql, List<String> order) {
        this.sql = sql;
        this.order = List.copyOf(order);
        this.names = Set.copyOf(new HashSet<>(order));
    }

    /** Expands the {@code :name} parameters of {@code statement}. */
    public static NamedParameters parse(String statement) {
        StringBuilder sql = new StringBuilder(statement.length());
        List<String> order = new ArrayList<>();
        int i = 0;
        while (i < statement.length()) {
            char c = statement.charAt(i);
            if (c == '\'') {
                int end = statement.indexOf('\'', i + 1);
                end = end < 0 ? statement.length() : end + 1;
                sql.append(statement, i, end);
                i = end;
            } else if (c == '-' && statement.startsWith("--", i)) {
                int end = statement.indexOf('\n', i);
                end = end < 0 ? statement.length() : end;
                sql.append(statement, i, end);
                i = end;
            } else if (c == ':' && statement.startsWith("::", i)) {
                sql.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < statement.length() && Character.isLetter(statement.charAt(i + 1))) {
                int end = i + 1;
                while (end < statement.length()
                        && (Character.isLetterOrDigit(statement.charAt(end)) || statement.charAt(end) == '_')) {
                    end++;
                }
                order.add(statement.substring(i + 1, end));
                sql.append('?');
                i = end;
            } else {
                sql.append(c);
                i++;
            }
        }
        return new NamedParameters(sql.toString(), order);
    }

    /** The statement with {@code ?} in place of every parameter. */
    public String sql() {
        return sql;
    }

    /** The values in parameter order; fails when a name is missing or a value names no parameter. */
    public Object[] values(Map<String, ?> byName) {
        if (!byName.keySet().equals(names)) {
            Set<String> missing = new HashSet<>(names);
            missing.removeAll(byName.keySet());
            Set<String> unknown = new HashSet<>(byName.keySet());
            unknown.removeAll(names);
            throw new IllegalArgumentException(
                    "kanthorq: parameters missing " + missing + ", unknown " + unknown + " for: " + sql);
        }
        Object[] values = new Object[order.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = byName.get(order.get(i));
        }
        return values;
    }
}
