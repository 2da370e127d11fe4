package io.kanthorq.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;

/**
 * Who may read and who may change, decided per request from what the application's own security chain
 * established. The dashboard authenticates nobody itself: it only reads the authorities of the
 * authenticated user.
 */
interface DashboardAccess {

    /** What the current request may do. */
    enum Level {
        NONE,
        VIEWER,
        ADMIN
    }

    /** The current request's level. */
    Level level();

    /** The current user's name, for the log of changes ("anonymous" when nobody is authenticated). */
    String user();

    /** Whether anybody is authenticated at all (an unauthenticated request gets 401, not 403). */
    boolean authenticated();

    /**
     * The CSRF header name and token the application's security chain expects on changes, or null when
     * it expects none: the UI sends them with every POST.
     */
    default String[] csrf(HttpServletRequest request) {
        return null;
    }

    /** Fails with 401 or 403 unless the current request may read. */
    default void requireViewer() {
        require(Level.VIEWER);
    }

    /** Fails with 401 or 403 unless the current request may change. */
    default void requireAdmin() {
        require(Level.ADMIN);
    }

    private void require(Level needed) {
        if (level().ordinal() >= needed.ordinal()) {
            return;
        }
        if (!authenticated()) {
            throw new DashboardProblem(HttpStatus.UNAUTHORIZED, "authentication required", null);
        }
        throw new DashboardProblem(
                HttpStatus.FORBIDDEN,
                needed == Level.ADMIN
                        ? "changes need the dashboard's admin authority"
                        : "reading needs the dashboard's viewer or admin authority",
                null);
    }

    /** Everyone is admin: no Spring Security, {@code allow-unauthenticated=true}. */
    static DashboardAccess open() {
        return new DashboardAccess() {
            @Override
            public Level level() {
                return Level.ADMIN;
            }

            @Override
            public String user() {
                return "anonymous";
            }

            @Override
            public boolean authenticated() {
                return true;
            }
        };
    }
}
