/**
 * The Spring part of the test support: {@link io.kanthorq.test.spring.KanthorqTest} (manual worker mode,
 * a per-test reset of the test kit, an embedded PostgreSQL schema per context) and the auto-configuration
 * of the {@link io.kanthorq.test.KanthorqTestKit} bean. An application's tests use the annotation; the
 * other types are wiring.
 */
package io.kanthorq.test.spring;
