package io.kanthorq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@link javax.sql.DataSource} KanthorQ uses when the application has more than one, as
 * Spring Boot's {@code @FlywayDataSource} does for Flyway. Without it KanthorQ uses the only
 * {@code DataSource}, or the {@code @Primary} one.
 *
 * <p>Publishes join a Spring transaction only when it runs on this data source: with a dedicated one,
 * an application that wants its writes and its events to commit together publishes inside a
 * transaction of a transaction manager over this data source.
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier public @interface KanthorqDataSource {}
