package io.kanthorq.test.spring.shop;

/** The event of a cancelled order. */
public record OrderCancelled(long orderId, String email) {}
