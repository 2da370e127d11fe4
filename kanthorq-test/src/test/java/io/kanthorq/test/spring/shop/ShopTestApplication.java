package io.kanthorq.test.spring.shop;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small application for the test kit's own tests: cancelled orders are emailed and refunded, and a
 * completed refund gets a receipt (a chain of two consumers).
 */
@SpringBootApplication
public class ShopTestApplication {}
