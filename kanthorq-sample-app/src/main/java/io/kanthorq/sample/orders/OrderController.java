package io.kanthorq.sample.orders;

import java.math.BigDecimal;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The order API:
 * <pre>
 * POST /orders              {"customerEmail": "ada@example.com", "amount": 25.00}  → 201, order.created
 * POST /orders/{id}/cancel  {"reason": "changed my mind"} (body optional)         → 200, order.cancelled
 * POST /orders/{id}/fail    {"reason": "out of stock"} (body optional)            → 200, order.failed
 * GET  /orders/{id}         the order, its events, each consumer's task and what the consumers did
 * </pre>
 */
@RestController
@RequestMapping("/orders")
public class OrderController {

    private final OrderService service;
    private final OrderQueries queries;

    public OrderController(OrderService service, OrderQueries queries) {
        this.service = service;
        this.queries = queries;
    }

    /** Body of {@code POST /orders}. */
    public record NewOrder(String customerEmail, BigDecimal amount) {}

    /** Optional body of the cancel and fail requests. */
    public record Reason(String reason) {}

    @PostMapping
    public ResponseEntity<Order> create(@RequestBody NewOrder request) {
        if (request.customerEmail() == null || request.customerEmail().isBlank()) {
            throw new IllegalArgumentException("customerEmail is required");
        }
        if (request.amount() == null
                || request.amount().signum() < 0
                || request.amount().scale() > 2) {
            throw new IllegalArgumentException("amount must be zero or positive, with at most two decimals");
        }
        Order order = service.create(request.customerEmail(), request.amount());
        return ResponseEntity.created(URI.create("/orders/" + order.id())).body(order);
    }

    @PostMapping("/{id}/cancel")
    public Order cancel(@PathVariable long id, @RequestBody(required = false) Reason request) {
        return service.cancel(id, reasonOf(request, "cancelled by the customer"));
    }

    @PostMapping("/{id}/fail")
    public Order fail(@PathVariable long id, @RequestBody(required = false) Reason request) {
        return service.fail(id, reasonOf(request, "could not be fulfilled"));
    }

    @GetMapping("/{id}")
    public OrderView get(@PathVariable long id) {
        return queries.find(id).orElseThrow(() -> new OrderService.OrderNotFoundException(id));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> notFound(OrderService.OrderNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, e);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> conflict(OrderService.OrderStateException e) {
        return problem(HttpStatus.CONFLICT, e);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, e);
    }

    private static String reasonOf(Reason request, String fallback) {
        return request == null || request.reason() == null || request.reason().isBlank() ? fallback : request.reason();
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, RuntimeException e) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, e.getMessage()));
    }
}
