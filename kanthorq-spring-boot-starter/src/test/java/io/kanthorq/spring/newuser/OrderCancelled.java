package io.kanthorq.spring.newuser;

/** The event the shop publishes when an order is cancelled. */
public record OrderCancelled(long orderId) {}
