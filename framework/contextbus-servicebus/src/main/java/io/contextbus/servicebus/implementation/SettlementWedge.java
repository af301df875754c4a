package io.contextbus.servicebus.implementation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells when a subscription's processor has to be restarted because one of its sessions cannot
 * settle any more: after a broker restart the SDK's session processor can keep settling a session's
 * messages through a receiver whose link died (every settlement fails with
 * {@code DeliveryNotOnLinkException}, the message comes back, forever), and only a new processor
 * client ends it (found by the chaos soak, issue 16).
 *
 * <p>The rule: one session's settlements failed at least {@code failures} times in a row, with no
 * settlement of that session succeeding in between, and the first and last of those failures lie at
 * least {@code span} apart. A healthy run never meets it: a lost lock fails one settlement and the
 * redelivered message settles; the failures right after a broker restart stop within seconds; a
 * burst of settlements timing out together after an outage spans no time. Restarts are bounded: at
 * most one per {@link #backoff()} (starting at {@code minInterval}, doubling up to
 * {@code maxInterval}, back to the start once a restart comes {@code maxInterval} later than allowed).
 *
 * <p>Not thread-safe on its own: the processor calls it under one lock.
 */
final class SettlementWedge {
    /** Failures in a row that make a session wedged (with {@link #DEFAULT_SPAN} between first and last). */
    static final int DEFAULT_FAILURES = 5;
    static final Duration DEFAULT_SPAN = Duration.ofSeconds(30);
    static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(60);
    static final Duration DEFAULT_MAX_INTERVAL = Duration.ofMinutes(10);
    /** Sessions with failures remembered; beyond it, those whose last failure is older than the span go. */
    private static final int SESSIONS_REMEMBERED = 4_096;

    private final Clock clock;
    private final int failures;
    private final Duration span;
    private final Duration minInterval;
    private final Duration maxInterval;
    private final Map<String, Streak> streaks = new HashMap<>();
    private Duration backoff;
    private Instant lastRestart;

    /** What made a restart due: the session, its failures in a row and the time they span. */
    record Wedged(String sessionId, int failures, Duration span, String lastError) {
    }

    private static final class Streak {
        final Instant first;
        Instant last;
        int count;
        String lastError;

        Streak(Instant first) {
            this.first = first;
            this.last = first;
        }
    }

    SettlementWedge(Clock clock) {
        this(clock, DEFAULT_FAILURES, DEFAULT_SPAN, DEFAULT_MIN_INTERVAL, DEFAULT_MAX_INTERVAL);
    }

    SettlementWedge(Clock clock, int failures, Duration span, Duration minInterval, Duration maxInterval) {
        if (failures < 2) {
            throw new IllegalArgumentException("'failures' must be at least 2, was " + failures + ".");
        }
        if (minInterval.compareTo(maxInterval) > 0) {
            throw new IllegalArgumentException("'minInterval' " + minInterval + " cannot exceed 'maxInterval' "
                    + maxInterval + ".");
        }
        this.clock = clock;
        this.failures = failures;
        this.span = span;
        this.minInterval = minInterval;
        this.maxInterval = maxInterval;
        this.backoff = minInterval;
    }

    /** A settlement of the session succeeded: its streak of failures ends. */
    void settled(String sessionId) {
        if (!streaks.isEmpty()) {
            streaks.remove(key(sessionId));
        }
    }

    /**
     * A settlement of the session failed. Returns what is wedged when the processor should be
     * restarted now (and counts that restart: the caller restarts), empty otherwise.
     */
    Optional<Wedged> failed(String sessionId, String error) {
        Instant now = clock.instant();
        if (streaks.size() >= SESSIONS_REMEMBERED && !streaks.containsKey(key(sessionId))) {
            streaks.values().removeIf(s -> Duration.between(s.last, now).compareTo(span) > 0);
        }
        Streak streak = streaks.computeIfAbsent(key(sessionId), k -> new Streak(now));
        streak.count++;
        streak.last = now;
        streak.lastError = error;
        Duration spanned = Duration.between(streak.first, streak.last);
        if (streak.count < failures || spanned.compareTo(span) < 0) {
            return Optional.empty();
        }
        if (lastRestart != null) {
            Duration since = Duration.between(lastRestart, now);
            if (since.compareTo(backoff) < 0) {
                return Optional.empty(); // restarted lately: wait, the streak stays
            }
            backoff = since.compareTo(backoff.plus(maxInterval)) >= 0 ? minInterval : min(backoff.multipliedBy(2));
        }
        lastRestart = now;
        streaks.clear(); // the new processor client starts from scratch
        return Optional.of(new Wedged(sessionId, streak.count, spanned, error));
    }

    /** The least time until the next restart may happen, after the last one. */
    Duration backoff() {
        return backoff;
    }

    private Duration min(Duration d) {
        return d.compareTo(maxInterval) > 0 ? maxInterval : d;
    }

    private static String key(String sessionId) {
        return sessionId == null ? "" : sessionId;
    }
}
