package io.kanthorq.dashboard;

/** Validates {@code kanthorq.dashboard.path}: it becomes part of every route, so it is checked once at startup. */
final class DashboardPaths {

    private DashboardPaths() {}

    /** {@code path} without a trailing slash; fails naming the property when it is not a plain path. */
    static String base(String path) {
        if (path == null || !path.matches("(/[A-Za-z0-9._~-]+)+/?")) {
            throw new IllegalArgumentException("kanthorq.dashboard.path must be a path such as /kanthorq (segments of"
                    + " letters, digits, '.', '_', '~' or '-'), got '" + path + "'");
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
