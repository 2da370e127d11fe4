package io.kanthorq.dashboard;

import io.kanthorq.core.InvalidInputException;
import io.kanthorq.core.KanthorqException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The dashboard's routes under its path: the page, its assets and the JSON API of DESIGN §11. In
 * read-only mode the mutating routes are not registered at all, so they answer 404 like any unknown
 * path; publishing is registered only when {@code kanthorq.dashboard.publish.enabled} is true. Every
 * problem becomes {@code application/problem+json}.
 */
final class DashboardRoutes {

    private static final Logger log = LoggerFactory.getLogger(DashboardRoutes.class);

    private DashboardRoutes() {}

    static RouterFunction<ServerResponse> of(
            String base,
            DashboardProperties properties,
            DashboardPage page,
            DashboardReads reads,
            DashboardActions actions) {
        String api = base + "/api";
        RouterFunctions.Builder routes = RouterFunctions.route()
                .GET(base, page::page)
                .GET(base + "/", page::page)
                .GET(base + "/assets/{asset}", page::asset)
                .GET(api + "/streams", reads::streams)
                .GET(api + "/throughput", reads::throughput)
                .GET(api + "/consumers", reads::consumers)
                .GET(api + "/consumers/{consumer}", reads::consumer)
                .GET(api + "/consumers/{consumer}/tasks", reads::tasks)
                .GET(api + "/consumers/{consumer}/tasks/count", actions::count)
                .GET(api + "/consumers/{consumer}/tasks/{eventId}", reads::task)
                .GET(api + "/streams/{stream}/events", reads::events)
                .GET(api + "/streams/{stream}/events/{eventId}", reads::event)
                .GET(api + "/streams/{stream}/events/{eventId}/chain", reads::chain);
        if (!properties.isReadOnly()) {
            routes.POST(api + "/consumers/{consumer}/tasks/redrive", actions::redriveMany)
                    .POST(api + "/consumers/{consumer}/tasks/cancel", actions::cancelMany)
                    .POST(api + "/consumers/{consumer}/tasks/{eventId}/redrive", actions::redriveTask)
                    .POST(api + "/consumers/{consumer}/tasks/{eventId}/cancel", actions::cancelTask)
                    .POST(api + "/consumers/{consumer}/pause", actions::pause)
                    .POST(api + "/consumers/{consumer}/resume", actions::resume);
            if (properties.getPublish().isEnabled()) {
                routes.POST(api + "/streams/{stream}/events", actions::publish);
            }
        }
        return routes.onError(DashboardProblem.class, (e, request) -> ((DashboardProblem) e).toResponse(request.path()))
                .onError(
                        InvalidInputException.class,
                        (e, request) -> DashboardProblem.badRequest(null, e.getMessage())
                                .toResponse(request.path()))
                .onError(KanthorqException.class, (e, request) -> {
                    log.warn("kanthorq dashboard: {} failed: {}", request.path(), e.getMessage(), e);
                    return new DashboardProblem(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage(), null)
                            .toResponse(request.path());
                })
                .build();
    }
}
