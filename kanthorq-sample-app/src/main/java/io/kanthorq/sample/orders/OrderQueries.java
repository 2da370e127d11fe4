package io.kanthorq.sample.orders;

import io.kanthorq.core.Event;
import io.kanthorq.core.Kanthorq;
import io.kanthorq.core.TaskState;
import io.kanthorq.core.management.TaskDetail;
import io.kanthorq.core.management.TaskRecord;
import io.kanthorq.spring.autoconfigure.KanthorqProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Reads an order together with what KanthorQ and the consumers did for it. */
@Service
public class OrderQueries {

    private final OrderRepository orders;
    private final OrderActions actions;
    private final Kanthorq kanthorq;
    private final List<String> consumers;

    public OrderQueries(
            OrderRepository orders, OrderActions actions, Kanthorq kanthorq, KanthorqProperties properties) {
        this.orders = orders;
        this.actions = actions;
        this.kanthorq = kanthorq;
        this.consumers = List.copyOf(properties.getConsumers().keySet());
    }

    public Optional<OrderView> find(long id) {
        return orders.find(id).map(order -> {
            List<OrderView.EventView> events = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (OrderRepository.PublishedEvent event : orders.events(id)) {
                if (seen.add(event.eventId())) {
                    events.add(new OrderView.EventView(
                            event.eventId(), event.subject(), event.publishedAt(), null, tasks(event.eventId())));
                }
                // what the handlers published because of it: the rest of its chain
                for (Event child : kanthorq.management().chain(OrderEvents.STREAM, event.eventId())) {
                    if (seen.add(child.id())) {
                        events.add(new OrderView.EventView(
                                child.id(),
                                child.subject(),
                                child.createdAt(),
                                child.causationId(),
                                tasks(child.id())));
                    }
                }
            }
            return new OrderView(
                    order.id(),
                    order.customerEmail(),
                    order.amount(),
                    order.status(),
                    order.reason(),
                    order.createdAt(),
                    order.updatedAt(),
                    events,
                    actions.forOrder(id));
        });
    }

    /**
     * The task of every consumer for the event. A consumer whose subjects do not match has none, and
     * nobody has one until the consumer's worker has moved the event into its task table (usually
     * milliseconds after the commit).
     */
    private List<OrderView.TaskView> tasks(String eventId) {
        List<OrderView.TaskView> tasks = new ArrayList<>();
        for (String consumer : consumers) {
            kanthorq.management()
                    .task(consumer, eventId)
                    .map(TaskDetail::task)
                    .ifPresent(task -> tasks.add(view(task)));
        }
        return tasks;
    }

    private static OrderView.TaskView view(TaskRecord task) {
        boolean waiting = task.state() == TaskState.AVAILABLE || task.state() == TaskState.RETRYABLE;
        return new OrderView.TaskView(
                task.consumer(),
                task.state().name(),
                task.state().code(),
                task.attemptCount(),
                waiting ? task.scheduleAt() : null,
                task.finalizedAt(),
                task.errors().stream()
                        .map(e -> "attempt " + e.attempt() + ": " + e.message())
                        .toList());
    }
}
