package io.kanthorq.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code kanthorq.dashboard.*}: where the dashboard lives and what it lets its users do. */
@ConfigurationProperties("kanthorq.dashboard")
public class DashboardProperties {

    /** Whether the dashboard (UI and JSON API) is served. Off unless switched on. */
    private boolean enabled = false;

    /** The path of the UI; the JSON API lives under {path}/api. */
    private String path = "/kanthorq";

    /**
     * Whether every mutating endpoint (redrive, cancel, pause, resume, publish) is removed: they answer
     * 404, and the UI shows no controls for them.
     */
    private boolean readOnly = false;

    /**
     * Without Spring Security on the class path the dashboard starts only when this is true, and then
     * anyone who reaches the application reaches the dashboard (a warning says so at startup).
     */
    private boolean allowUnauthenticated = false;

    /** The authority that may read (the admin authority may too). */
    private String viewerAuthority = "KANTHORQ_VIEWER";

    /** The authority that may read and change: redrive, cancel, pause, resume, publish. */
    private String adminAuthority = "KANTHORQ_ADMIN";

    private final Publish publish = new Publish();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
    }

    public boolean isAllowUnauthenticated() {
        return allowUnauthenticated;
    }

    public void setAllowUnauthenticated(boolean allowUnauthenticated) {
        this.allowUnauthenticated = allowUnauthenticated;
    }

    public String getViewerAuthority() {
        return viewerAuthority;
    }

    public void setViewerAuthority(String viewerAuthority) {
        this.viewerAuthority = viewerAuthority;
    }

    public String getAdminAuthority() {
        return adminAuthority;
    }

    public void setAdminAuthority(String adminAuthority) {
        this.adminAuthority = adminAuthority;
    }

    public Publish getPublish() {
        return publish;
    }

    /** Publishing from the dashboard (the UI's publish page and {@code POST {path}/api/streams/{stream}/events}). */
    public static class Publish {

        /** Whether admins may publish events over HTTP. Off unless switched on. */
        private boolean enabled = false;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
