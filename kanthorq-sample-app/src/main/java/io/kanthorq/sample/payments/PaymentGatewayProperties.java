package io.kanthorq.sample.payments;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the simulated payment gateway misbehaves ({@code sample.payment-gateway.*}).
 *
 * @param failureRate   share of calls answered "busy, retry after {@code retryAfter}", at random (0 to 1)
 * @param retryAfter    the delay a busy gateway asks for
 * @param flakyAmount   refunds of exactly this amount time out on their first {@code flakyFailures} calls
 * @param flakyFailures how many calls of a flaky refund time out before one succeeds
 * @param brokenAmount  refunds of exactly this amount always time out
 */
@ConfigurationProperties("sample.payment-gateway")
public record PaymentGatewayProperties(
        @DefaultValue("0.2") double failureRate,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("13.13") BigDecimal flakyAmount,
        @DefaultValue("2") int flakyFailures,
        @DefaultValue("66.60") BigDecimal brokenAmount) {}
