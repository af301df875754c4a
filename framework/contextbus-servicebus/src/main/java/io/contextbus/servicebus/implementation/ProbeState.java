package io.contextbus.servicebus.implementation;

import java.time.Instant;
import java.util.Optional;

/**
 * The broker probe's latest results, for the health rules.
 *
 * @param lastSuccessAt  when a probe last got an answer from Service Bus
 * @param lastFailureAt  when a probe last failed
 * @param lastError      that failure, {@code "<reason>: <message>"}
 * @param inFlightSince  when the probe now running started; empty when none runs
 * @param oldestMessage  for a subscription's probe: when the oldest message waiting in it was
 *                       enqueued, as of {@code lastSuccessAt}; empty when none waited (or for a topic)
 */
public record ProbeState(Optional<Instant> lastSuccessAt, Optional<Instant> lastFailureAt, Optional<String> lastError,
                         Optional<Instant> inFlightSince, Optional<Instant> oldestMessage) {

    public static final ProbeState NOT_STARTED = new ProbeState(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
}
