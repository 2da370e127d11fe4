/**
 * Extension points: a {@link io.kanthorq.spring.support.PayloadCodec} bean replaces the Jackson codec, a
 * {@link io.kanthorq.spring.support.PublishListener} bean hears every publish, and
 * {@link io.kanthorq.spring.support.SpringConnectionProvider} lets the core engine join Spring-managed transactions
 * when it is built by hand.
 */
package io.kanthorq.spring.support;
