package io.contextbus.servicebus.implementation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a subscription's processor has seen lately, for the health rules: whether it runs, when the
 * last message arrived and how long it had waited in the subscription, and the last receive error.
 *
 * @param running       the SDK processor is running
 * @param lastMessageAt when the last message was received
 * @param lastDelay     how long that message waited in the subscription (received minus enqueued)
 * @param lastErrorAt   when the SDK last reported a receive error
 * @param lastError     that error, {@code "<reason>: <message>"}
 */
public record ReceiveState(boolean running, Optional<Instant> lastMessageAt, Optional<Duration> lastDelay,
                           Optional<Instant> lastErrorAt, Optional<String> lastError) {

    public static final ReceiveState NEVER_STARTED = new ReceiveState(false, Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
}
