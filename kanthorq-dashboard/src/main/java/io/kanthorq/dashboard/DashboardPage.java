package io.kanthorq.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The browser UI: one HTML page at {@code {path}} (200 text/html, no redirect) with its script and style
 * sheet from the jar. The page carries what the script needs: the API's path, what the user may do, and
 * the CSRF header and token of the application's security chain. Nothing is loaded from elsewhere.
 */
final class DashboardPage {

    private static final String ROOT = "kanthorq-dashboard/";
    private static final Set<String> ASSETS = Set.of("dashboard.js", "dashboard.css");

    private final String base;
    private final DashboardProperties properties;
    private final DashboardAccess access;
    private final JsonMapper mapper;
    private final String html;

    DashboardPage(String base, DashboardProperties properties, DashboardAccess access, JsonMapper mapper) {
        this.base = base;
        this.properties = properties;
        this.access = access;
        this.mapper = mapper;
        this.html = new String(resource("index.html"), StandardCharsets.UTF_8);
    }

    ServerResponse page(ServerRequest request) {
        access.requireViewer();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("base", base);
        config.put("api", base + "/api");
        config.put("user", access.user());
        config.put("admin", access.level() == DashboardAccess.Level.ADMIN && !properties.isReadOnly());
        config.put("readOnly", properties.isReadOnly());
        config.put("publish", properties.getPublish().isEnabled() && !properties.isReadOnly());
        String[] csrf = access.csrf(request.servletRequest());
        config.put("csrfHeader", csrf == null ? null : csrf[0]);
        config.put("csrfToken", csrf == null ? null : csrf[1]);
        // inside a <script> element: no "<" may end it early
        String json = mapper.writeValueAsString(config).replace("<", "\\u003c");
        String body = html.replace("{{base}}", base).replace("{{config}}", json);
        return ServerResponse.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'self'")
                .body(body);
    }

    ServerResponse asset(ServerRequest request) {
        String name = request.pathVariable("asset");
        if (!ASSETS.contains(name)) {
            throw DashboardProblem.notFound("no dashboard asset '" + name + "'");
        }
        MediaType type = name.endsWith(".js")
                ? new MediaType("text", "javascript", StandardCharsets.UTF_8)
                : new MediaType("text", "css", StandardCharsets.UTF_8);
        return ServerResponse.ok()
                .contentType(type)
                .cacheControl(CacheControl.noCache())
                .header("X-Content-Type-Options", "nosniff")
                .body(resource(name));
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardPage.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("kanthorq dashboard: " + ROOT + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
