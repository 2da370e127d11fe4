package io.kanthorq.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;

/** {@link DashboardAccess} from the authorities Spring Security put into the security context. */
final class SpringSecurityAccess implements DashboardAccess {

    private final String viewerAuthority;
    private final String adminAuthority;

    SpringSecurityAccess(String viewerAuthority, String adminAuthority) {
        this.viewerAuthority = viewerAuthority;
        this.adminAuthority = adminAuthority;
    }

    @Override
    public Level level() {
        Authentication authentication = current();
        if (authentication == null) {
            return Level.NONE;
        }
        boolean viewer = false;
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (adminAuthority.equals(name)) {
                return Level.ADMIN;
            }
            viewer |= viewerAuthority.equals(name);
        }
        return viewer ? Level.VIEWER : Level.NONE;
    }

    @Override
    public String user() {
        Authentication authentication = current();
        return authentication == null ? "anonymous" : authentication.getName();
    }

    @Override
    public boolean authenticated() {
        return current() != null;
    }

    @Override
    public String[] csrf(HttpServletRequest request) {
        // the application's CsrfFilter exposes the token as a request attribute when it requires one
        Object token = request.getAttribute(CsrfToken.class.getName());
        if (token instanceof CsrfToken csrf) {
            return new String[] {csrf.getHeaderName(), csrf.getToken()};
        }
        return null;
    }

    private static Authentication current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return authentication;
    }
}
