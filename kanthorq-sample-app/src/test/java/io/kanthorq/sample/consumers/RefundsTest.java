package io.kanthorq.sample.consumers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kanthorq.core.Event;
import io.kanthorq.core.RetryLaterException;
import io.kanthorq.core.TaskContext;
import io.kanthorq.sample.orders.OrderActions;
import io.kanthorq.sample.orders.OrderEvents.OrderCancelled;
import io.kanthorq.sample.payments.PaymentGateway;
import io.kanthorq.sample.payments.PaymentGatewayProperties;
import io.kanthorq.spring.KanthorqPublisher;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the refund handler turns the gateway's answers into task outcomes. */
class RefundsTest {

    private static final BigDecimal FLAKY = new BigDecimal("13.13");
    private static final BigDecimal BROKEN = new BigDecimal("66.60");

    private final OrderActions actions = mock(OrderActions.class);
    private final KanthorqPublisher publisher = mock(KanthorqPublisher.class);

    @Test
    void aBusyGatewaysDelayBecomesTheRetryDelay() {
        Refunds refunds = new Refunds(gateway(1.0), actions, publisher);

        assertThatThrownBy(() -> refunds.onCancelled(cancelled("10.00"), task(1)))
                .isInstanceOfSatisfying(
                        RetryLaterException.class, e -> assertThat(e.delay()).isEqualTo(Duration.ofSeconds(7)))
                .hasCauseInstanceOf(PaymentGateway.GatewayBusyException.class);
        verify(actions, never()).record(anyString(), anyString(), anyLong(), anyInt(), anyString());
    }

    @Test
    void aTimeoutPropagatesSoTheConsumersBackoffDecides() {
        Refunds refunds = new Refunds(gateway(0), actions, publisher);

        assertThatThrownBy(() -> refunds.onCancelled(cancelled("66.60"), task(1)))
                .isInstanceOf(PaymentGateway.GatewayUnavailableException.class);
    }

    @Test
    void aRefundAlreadyRecordedIsNotPaidAgain() {
        PaymentGateway gateway = mock(PaymentGateway.class);
        when(actions.find("01EVENT", "refund_order"))
                .thenReturn(Optional.of(
                        new OrderActions.Action("01EVENT", "refund_order", 1, "refunded 10.00", Instant.now())));

        new Refunds(gateway, actions, publisher).onCancelled(cancelled("10.00"), task(2));

        verify(gateway, never()).refund(anyString(), anyLong(), any());
    }

    @Test
    void theGatewayIsIdempotentPerKey() {
        PaymentGateway gateway = gateway(0);
        String first = gateway.refund("01EVENT", 7, new BigDecimal("10.00"));
        assertThat(gateway.refund("01EVENT", 7, new BigDecimal("10.00"))).isEqualTo(first);
    }

    @Test
    void aFlakyRefundSucceedsAfterItsFailures() {
        PaymentGateway gateway = gateway(0);
        for (int call = 1; call <= 2; call++) {
            assertThatThrownBy(() -> gateway.refund("01FLAKY", 7, FLAKY))
                    .isInstanceOf(PaymentGateway.GatewayUnavailableException.class);
        }
        assertThat(gateway.refund("01FLAKY", 7, FLAKY)).startsWith("rf_7_");
    }

    private static PaymentGateway gateway(double failureRate) {
        return new PaymentGateway(new PaymentGatewayProperties(failureRate, Duration.ofSeconds(7), FLAKY, 2, BROKEN));
    }

    private static OrderCancelled cancelled(String amount) {
        return new OrderCancelled(7, "ada@example.com", new BigDecimal(amount), "test");
    }

    private static TaskContext task(int attempt) {
        Event event =
                new Event("01EVENT", "order.cancelled", "{}".getBytes(StandardCharsets.UTF_8), Map.of(), Instant.now());
        return new TaskContext("refund_order", event, attempt, 10);
    }
}
