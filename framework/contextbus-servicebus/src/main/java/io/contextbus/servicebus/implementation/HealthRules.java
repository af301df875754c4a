package io.contextbus.servicebus.implementation;

import io.contextbus.dispatch.DispatchLag;
import io.contextbus.dispatch.DispatcherState;
import io.contextbus.dispatch.DispatcherStatus;
import io.contextbus.health.ComponentHealth;
import io.contextbus.servicebus.HealthOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rules that turn what the dispatcher, the consumers and the broker probe report into UP or
 * DOWN. Pure functions of their inputs and {@code now}, so each rule has a unit test.
 */
public final class HealthRules {
    public static final String DISPATCHER = "dispatcher";
    public static final String BROKER = "broker";
    public static final String CONSUMER_PREFIX = "consumer.";

    private HealthRules() {
    }

    /** The dispatcher: running (active or on standby), not paused by its circuit breaker, its lag under the limit. */
    public static ComponentHealth dispatcher(Optional<DispatcherStatus> status, DispatchLag lag, HealthOptions options) {
        if (status.isEmpty()) {
            return ComponentHealth.down(DISPATCHER, "The dispatcher has not started.");
        }
        DispatcherStatus s = status.get();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", s.state().name());
        d.put("lagCommits", lag.commits());
        d.put("lagSeconds", seconds(lag.age()));
        d.put("commitsDispatched", s.commitsDispatched());
        s.lastError().ifPresent(e -> d.put("lastError", e));
        DispatcherState state = s.state();
        if (state == DispatcherState.NEW || state == DispatcherState.STOPPED) {
            return ComponentHealth.down(DISPATCHER, "The dispatcher is " + state.name().toLowerCase() + ".", d);
        }
        if (state == DispatcherState.CIRCUIT_OPEN) {
            return ComponentHealth.down(DISPATCHER, "Publishing is paused: Service Bus kept failing ("
                    + s.lastError().orElse("no error recorded") + ").", d);
        }
        if (lag.age().compareTo(options.maxDispatchLag()) > 0) {
            return ComponentHealth.down(DISPATCHER, "The oldest unpublished commit waited " + seconds(lag.age())
                    + " s, more than the " + seconds(options.maxDispatchLag()) + " s allowed.", d);
        }
        if (state == DispatcherState.STANDBY) {
            return ComponentHealth.up(DISPATCHER, "On standby: another instance holds the dispatch lease.", d);
        }
        return ComponentHealth.up(DISPATCHER, lag.commits() == 0 ? "Caught up." : "Publishing.", d);
    }

    /**
     * Service Bus answers: the last finished probe succeeded and none has hung past the timeout. DOWN
     * until the first probe answered.
     */
    public static ComponentHealth broker(ProbeState p, Instant now, HealthOptions options) {
        Map<String, Object> d = new LinkedHashMap<>();
        p.lastSuccessAt().ifPresent(t -> d.put("lastAnsweredSecondsAgo", seconds(Duration.between(t, now))));
        p.lastError().ifPresent(e -> d.put("lastError", e));
        return probeVerdict(p, now, options).map(why -> ComponentHealth.down(BROKER, why, d))
                .orElseGet(() -> ComponentHealth.up(BROKER, "Service Bus answers.", d));
    }

    /** Why the probe counts as failed, or empty when Service Bus answered it. */
    private static Optional<String> probeVerdict(ProbeState p, Instant now, HealthOptions options) {
        if (p.inFlightSince().isPresent()) {
            Duration waiting = Duration.between(p.inFlightSince().get(), now);
            if (waiting.compareTo(options.brokerProbeTimeout()) > 0) {
                return Optional.of("Service Bus has not answered for " + seconds(waiting) + " s.");
            }
        }
        if (p.lastSuccessAt().isEmpty() && p.lastFailureAt().isEmpty()) {
            return Optional.of("Service Bus has not answered yet.");
        }
        if (lastIsFailure(p.lastSuccessAt(), p.lastFailureAt())) {
            return Optional.of("Service Bus does not answer: " + p.lastError().orElse("unknown error") + ".");
        }
        return Optional.empty();
    }

    /**
     * A consumer of {@code source}: its processor runs, the probe of its subscription is answered,
     * and no receive error was reported within the error window unless a message arrived after it.
     */
    public static ComponentHealth consumer(String source, ReceiveState r, ProbeState p, Instant now,
                                           HealthOptions options) {
        String name = CONSUMER_PREFIX + source;
        Map<String, Object> d = details(r, p, now);
        if (!r.running()) {
            return ComponentHealth.down(name, "The consumer of '" + source + "' is not running.", d);
        }
        Optional<String> unreachable = probeVerdict(p, now, options);
        if (unreachable.isPresent()) {
            return ComponentHealth.down(name, "The subscription to '" + source + "' cannot be reached. "
                    + unreachable.get(), d);
        }
        if (r.lastErrorAt().isPresent() && lastIsFailure(r.lastMessageAt(), r.lastErrorAt())) {
            Duration since = Duration.between(r.lastErrorAt().get(), now);
            if (since.compareTo(options.consumerErrorWindow()) <= 0) {
                return ComponentHealth.down(name, "The consumer of '" + source + "' cannot receive: "
                        + r.lastError().orElse("unknown error") + ".", d);
            }
        }
        return ComponentHealth.up(name, "Receiving from '" + source + "'.", d);
    }

    /**
     * A consumer's readiness: healthy, and not behind, i.e. the oldest message waiting in its
     * subscription at the last probe had not waited longer than {@link HealthOptions#maxConsumerDelay()}.
     */
    public static ComponentHealth consumerReadiness(String source, ReceiveState r, ProbeState p, Instant now,
                                                    HealthOptions options) {
        ComponentHealth health = consumer(source, r, p, now, options);
        Optional<Duration> backlog = backlogAge(p);
        if (!health.isUp() || backlog.isEmpty() || backlog.get().compareTo(options.maxConsumerDelay()) <= 0) {
            return health;
        }
        return ComponentHealth.down(health.name(), "Behind on '" + source + "': the oldest message in the subscription"
                + " had waited " + seconds(backlog.get()) + " s, more than the " + seconds(options.maxConsumerDelay())
                + " s allowed.", health.details());
    }

    /** How long the oldest message in the subscription had waited when the probe last looked. */
    public static Optional<Duration> backlogAge(ProbeState p) {
        if (p.oldestMessage().isEmpty() || p.lastSuccessAt().isEmpty()) {
            return Optional.empty();
        }
        Duration age = Duration.between(p.oldestMessage().get(), p.lastSuccessAt().get());
        return Optional.of(age.isNegative() ? Duration.ZERO : age);
    }

    private static Map<String, Object> details(ReceiveState r, ProbeState p, Instant now) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("running", r.running());
        d.put("backlogSeconds", seconds(backlogAge(p).orElse(Duration.ZERO)));
        p.lastError().ifPresent(e -> d.put("lastProbeError", e));
        r.lastMessageAt().ifPresent(t -> d.put("lastMessageSecondsAgo", seconds(Duration.between(t, now))));
        r.lastDelay().ifPresent(t -> d.put("lastMessageDelaySeconds", seconds(t)));
        r.lastError().ifPresent(e -> d.put("lastError", e));
        return d;
    }

    /** Whether the failure is the later of the two (a failure with no success at all counts). */
    private static boolean lastIsFailure(Optional<Instant> success, Optional<Instant> failure) {
        return failure.isPresent() && (success.isEmpty() || !success.get().isAfter(failure.get()));
    }

    private static double seconds(Duration d) {
        return Math.max(0, d.toMillis()) / 1000.0;
    }
}
