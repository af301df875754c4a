package io.contextbus.micrometer;

import io.contextbus.dispatch.DispatchLag;
import io.contextbus.error.ValidationException;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.ContextName;
import io.contextbus.observation.ContextBusObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The observation hooks as Micrometer meters (every meter, its type, unit and tags:
 * {@code docs/observability.md}, "Metrics"). Give it to {@code ContextBusBuilder.observer(...)} and,
 * for the replay service, to {@code ReplayService.start(...)}; one instance may serve several
 * contexts of one process. Names follow Micrometer's dotted lower-case convention (a registry
 * renders them in its own, e.g. {@code contextbus_dispatch_lag_seconds} in Prometheus); tags:
 * {@code context} (the context doing the work), {@code source}, {@code target}, {@code reason},
 * {@code action}, {@code outcome}, {@code state}, {@code error.type}. Gauges read the live figures
 * when the registry asks; a context started again in the same process takes its gauges over.
 */
public final class MicrometerObserver implements ContextBusObserver {
    static final String DISPATCH_LAG = "contextbus.dispatch.lag";
    static final String DISPATCH_LAG_COMMITS = "contextbus.dispatch.lag.commits";
    static final String DISPATCH_COMMITS = "contextbus.dispatch.commits";
    static final String DISPATCH_PAGE_SIZE = "contextbus.dispatch.page.size";
    static final String DISPATCH_PAGE_DURATION = "contextbus.dispatch.page.duration";
    static final String DISPATCH_FAILURES = "contextbus.dispatch.failures";
    static final String PUBLISH_BATCH_SIZE = "contextbus.publish.batch.size";
    static final String CONSUMER_APPLIED = "contextbus.consumer.applied";
    static final String CONSUMER_DUPLICATES = "contextbus.consumer.duplicates";
    static final String CONSUMER_STASHED = "contextbus.consumer.stashed";
    static final String CONSUMER_GAPS = "contextbus.consumer.gaps";
    static final String CONSUMER_HELD = "contextbus.consumer.held";
    static final String CONSUMER_RETRIES = "contextbus.consumer.retries";
    static final String CONSUMER_DEAD_LETTERS = "contextbus.consumer.dead.letters";
    static final String CONSUMER_ABANDONED = "contextbus.consumer.abandoned";
    static final String CONSUMER_RESTARTS = "contextbus.consumer.restarts";
    static final String CONSUMER_BACKLOG = "contextbus.consumer.backlog";
    static final String HANDLER_DURATION = "contextbus.handler.duration";
    static final String REPLAY_COMMITS = "contextbus.replay.commits";
    static final String REPLAY_REMAINING = "contextbus.replay.remaining";
    static final String REPLAY_ENDED = "contextbus.replay.ended";

    private final MeterRegistry registry;
    private final Map<String, AtomicReference<Supplier<DispatchLag>>> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Supplier<Optional<Duration>>>> backlogs = new ConcurrentHashMap<>();
    /** Commits still to send per running replay, keyed by target, source and replay id. */
    private final Map<ReplayKey, Long> remaining = new ConcurrentHashMap<>();
    private final Map<String, Boolean> remainingGauges = new ConcurrentHashMap<>();

    public MicrometerObserver(MeterRegistry registry) {
        this.registry = ValidationException.requireNonNull(registry, "registry");
    }

    // ---- dispatcher ----

    @Override
    public void dispatcherStarted(ContextName context, Supplier<DispatchLag> lag) {
        AtomicReference<Supplier<DispatchLag>> ref = lags.computeIfAbsent(context.value(), c -> {
            AtomicReference<Supplier<DispatchLag>> r = new AtomicReference<>();
            Tags tags = Tags.of("context", c);
            Gauge.builder(DISPATCH_LAG, r, x -> x.get() == null ? 0 : x.get().get().age().toMillis() / 1000.0)
                    .tags(tags).baseUnit("seconds")
                    .description("How long the oldest commit the dispatcher read and has not yet published has waited")
                    .register(registry);
            Gauge.builder(DISPATCH_LAG_COMMITS, r, x -> x.get() == null ? 0 : x.get().get().commits())
                    .tags(tags).baseUnit("commits")
                    .description("Commits the dispatcher read and has not yet published")
                    .register(registry);
            return r;
        });
        ref.set(lag);
    }

    @Override
    public void pagePublished(ContextName context, int commits, Duration took) {
        Tags tags = Tags.of("context", context.value());
        Counter.builder(DISPATCH_COMMITS).tags(tags).baseUnit("commits")
                .description("Commits published to the context's topic and checkpointed").register(registry)
                .increment(commits);
        DistributionSummary.builder(DISPATCH_PAGE_SIZE).tags(tags).baseUnit("commits")
                .description("Commits per page the dispatcher published").register(registry).record(commits);
        Timer.builder(DISPATCH_PAGE_DURATION).tags(tags)
                .description("From a page's first send to its checkpoint").register(registry).record(took);
    }

    @Override
    public void publishFailed(ContextName context, int commits, Throwable error) {
        Counter.builder(DISPATCH_FAILURES).tags("context", context.value(), "error.type", error.getClass().getSimpleName())
                .description("Page publishes that failed and will be retried").register(registry).increment();
    }

    @Override
    public void batchSent(ContextName context, int messages) {
        DistributionSummary.builder(PUBLISH_BATCH_SIZE).tags("context", context.value()).baseUnit("messages")
                .description("Messages per send call to Service Bus (its count is the number of sends)")
                .register(registry).record(messages);
    }

    // ---- consumer ----

    @Override
    public void consumerStarted(ContextName context, ContextName source, Supplier<Optional<Duration>> backlog) {
        String key = context.value() + "\n" + source.value();
        AtomicReference<Supplier<Optional<Duration>>> ref = backlogs.computeIfAbsent(key, k -> {
            AtomicReference<Supplier<Optional<Duration>>> r = new AtomicReference<>();
            Gauge.builder(CONSUMER_BACKLOG, r, x -> x.get() == null ? 0
                            : x.get().get().map(d -> d.toMillis() / 1000.0).orElse(0.0))
                    .tags(consumerTags(context, source)).baseUnit("seconds")
                    .description("How long the oldest message waiting in the subscription had waited at the last look")
                    .register(registry);
            return r;
        });
        ref.set(backlog);
    }

    @Override
    public void handlerCompleted(ContextName context, ContextName source, Duration took, boolean applied) {
        Timer.builder(HANDLER_DURATION).tags(consumerTags(context, source).and("outcome", applied ? "applied" : "not_applied"))
                .description("The handlers of one commit, inside the inbox's transaction").register(registry).record(took);
    }

    @Override
    public void commitsApplied(ContextName context, ContextName source, int commits) {
        counter(CONSUMER_APPLIED, consumerTags(context, source), "commits", "Commits applied through the inbox")
                .increment(commits);
    }

    @Override
    public void duplicateDropped(ContextName context, ContextName source) {
        counter(CONSUMER_DUPLICATES, consumerTags(context, source), "commits",
                "Commits the inbox dropped because they were applied before").increment();
    }

    @Override
    public void commitStashed(ContextName context, ContextName source) {
        counter(CONSUMER_STASHED, consumerTags(context, source), "commits",
                "Commits stashed because they arrived ahead of a gap").increment();
    }

    @Override
    public void gapFound(ContextName context, ContextName source, Gap gap, GapAction action) {
        counter(CONSUMER_GAPS, consumerTags(context, source).and("action", action.name().toLowerCase()), "gaps",
                "Gaps found, by what was done about them").increment();
    }

    @Override
    public void retryScheduled(ContextName context, ContextName source, int nextAttempt, Duration delay) {
        counter(CONSUMER_RETRIES, consumerTags(context, source), "attempts",
                "Transient handler failures retried after a backoff (the message kept, its stream waiting)").increment();
    }

    @Override
    public void streamHeld(ContextName context, ContextName source, StreamHold hold) {
        counter(CONSUMER_HELD, consumerTags(context, source).and("state", hold.isParked() ? "parked" : "waiting"),
                "streams", "Streams held behind a commit: parked (an operator resolves it) or waiting for a dependency")
                .increment();
    }

    @Override
    public void deadLettered(ContextName context, ContextName source, String reason) {
        counter(CONSUMER_DEAD_LETTERS, consumerTags(context, source).and("reason", reason), "messages",
                "Messages dead-lettered, by DeadLetterReason").increment();
    }

    @Override
    public void abandoned(ContextName context, ContextName source) {
        counter(CONSUMER_ABANDONED, consumerTags(context, source), "messages",
                "Messages abandoned for redelivery (retry asked, transient failure)").increment();
    }

    @Override
    public void consumerRestarted(ContextName context, ContextName source, String reason) {
        counter(CONSUMER_RESTARTS, consumerTags(context, source), "restarts",
                "Processor clients restarted because a session kept failing to settle").increment();
    }

    // ---- replay service ----

    @Override
    public void replayProgress(ContextName target, ContextName source, String replayId, int commits, long sent,
                               long planned) {
        Tags tags = Tags.of("target", target.value(), "source", source.value());
        counter(REPLAY_COMMITS, tags, "commits", "Commits resent by replays").increment(commits);
        remaining.put(new ReplayKey(target.value(), source.value(), replayId), Math.max(0, planned - sent));
        remainingGauges.computeIfAbsent(target.value() + "\n" + source.value(), k -> {
            Gauge.builder(REPLAY_REMAINING, remaining, m -> remainingOf(m, target.value(), source.value())).tags(tags)
                    .baseUnit("commits").description("Commits the running replays still have to send")
                    .register(registry);
            return true;
        });
    }

    @Override
    public void replayEnded(ContextName target, String replayId, String state) {
        remaining.keySet().removeIf(k -> k.target().equals(target.value()) && k.replayId().equals(replayId));
        counter(REPLAY_ENDED, Tags.of("target", target.value(), "state", state.toLowerCase()), "replays",
                "Replays that ended, by state").increment();
    }

    private static double remainingOf(Map<ReplayKey, Long> m, String target, String source) {
        return m.entrySet().stream().filter(e -> e.getKey().target().equals(target) && e.getKey().source().equals(source))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private record ReplayKey(String target, String source, String replayId) {
    }

    private static Tags consumerTags(ContextName context, ContextName source) {
        return Tags.of("context", context.value(), "source", source.value());
    }

    private Counter counter(String name, Tags tags, String unit, String description) {
        return Counter.builder(name).tags(tags).baseUnit(unit).description(description).register(registry);
    }
}
