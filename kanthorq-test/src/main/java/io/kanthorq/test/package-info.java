/**
 * Test support for applications that use KanthorQ, Spring-free: {@link io.kanthorq.test.KanthorqTestKit}
 * (what a test published, consumers drained on the test thread, schedules moved forward in the
 * database) and its AssertJ assertions ({@link io.kanthorq.test.KanthorqAssertions}). An application's
 * tests may use every public type here; the Spring part is {@code io.kanthorq.test.spring}.
 */
package io.kanthorq.test;
