package io.contextbus.servicebus;

/**
 * Counters of a publisher since it started: commits acknowledged by Service Bus and the send calls
 * made (one per batch, retries included). {@code sendCalls * 1000 / commits} is the sends per 1,000 commits.
 */
public record PublisherStats(long commits, long sendCalls) {
}
