package io.kanthorq.spring.test;

/** A typed payload, as an application would publish it. */
public record OrderCancelled(long orderId, String reason) {}
