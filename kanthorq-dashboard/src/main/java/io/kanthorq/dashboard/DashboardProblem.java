package io.kanthorq.dashboard;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A problem the dashboard answers with, as RFC 9457 {@code application/problem+json}: the status, a
 * title, what went wrong and, for bad input, the field at fault.
 */
final class DashboardProblem extends RuntimeException {

    private final HttpStatus status;
    private final String field;

    DashboardProblem(HttpStatus status, String detail, String field) {
        super(detail);
        this.status = status;
        this.field = field;
    }

    static DashboardProblem badRequest(String field, String detail) {
        return new DashboardProblem(HttpStatus.BAD_REQUEST, detail, field);
    }

    static DashboardProblem notFound(String detail) {
        return new DashboardProblem(HttpStatus.NOT_FOUND, detail, null);
    }

    HttpStatus status() {
        return status;
    }

    /** The response: {@code type} about:blank, the status's title, the detail, the field when known. */
    ServerResponse toResponse(String instance) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
        problem.setInstance(URI.create(instance));
        if (field != null) {
            problem.setProperty("field", field);
        }
        return ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
