package io.kanthorq.sample.consumers;

import io.kanthorq.core.TaskContext;
import io.kanthorq.core.schedule.RecurringPublisher;
import io.kanthorq.sample.orders.OrderRepository;
import io.kanthorq.spring.KanthorqSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Consumer {@code order_report} (subject {@code report.orders}, published once a minute by the schedule
 * {@code order_report}): logs how many orders are in each status.
 */
@Component
class OrderReport {

    private static final Logger log = LoggerFactory.getLogger(OrderReport.class);

    private final OrderRepository orders;

    OrderReport(OrderRepository orders) {
        this.orders = orders;
    }

    @KanthorqSubscriber(consumer = "order_report")
    void report(TaskContext task) {
        log.info(
                "orders by status at {}: {}",
                task.event().metadata().get(RecurringPublisher.TICK_METADATA),
                orders.countByStatus());
    }
}
