package io.contextbus.replay.service.implementation;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.SourceProgress;
import io.contextbus.replay.StreamHead;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the REST API does, without HTTP: accept a request for known contexts, record it and start
 * it; report, list, and cancel replays; page through a replay's planned stream heads.
 */
final class ReplayOperations {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayOperations.class);
    private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final int LIST_LIMIT = 100;

    private final ReplayRegistry registry;
    private final ReplayEngine engine;
    private final Set<ContextName> targets;
    private final Set<ContextName> sources;
    private final BiPredicate<ContextName, ContextName> consumes;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** {@code consumes.test(target, source)} says whether the target subscribes to the source's topic. */
    ReplayOperations(ReplayRegistry registry, ReplayEngine engine, Set<ContextName> targets, Set<ContextName> sources,
                     BiPredicate<ContextName, ContextName> consumes, Clock clock) {
        this.registry = registry;
        this.engine = engine;
        this.targets = Set.copyOf(targets);
        this.sources = Set.copyOf(sources);
        this.consumes = consumes;
        this.clock = clock;
    }

    // Synchronized so that two requests for the same gap cannot both miss each other.
    synchronized ReplayStatus submit(ReplayRequest request) {
        ValidationException.require(targets.contains(request.target()), "target",
                "names an unknown context '" + request.target() + "' (known: " + sorted(targets) + ").");
        for (ContextName s : request.sources()) {
            ValidationException.require(sources.contains(s), "sources",
                    "names '" + s + "', which is not a source context with a store (known: " + sorted(sources) + ").");
            ValidationException.require(consumes.test(request.target(), s), "sources",
                    "names '" + s + "', whose topic '" + s.topicName() + "' has no subscription '" + request.target() + "'.");
        }
        Optional<StoredReplay> covering = covering(request);
        if (covering.isPresent()) {
            LOG.info("stream replay merged into an unfinished one replay={} target={} stream={} fromCommitSequence={}",
                    covering.get().id(), request.target(), request.streams().get(0), request.fromCommitSequence());
            return view(covering.get());
        }
        String id = newId();
        registry.create(id, request, clock.instant());
        LOG.info("replay accepted replay={} target={} sources={} streams={} fromCommitSequence={} since={} until={} dryRun={}",
                id, request.target(), request.sources(), request.streams().size(), request.fromCommitSequence(),
                request.since().orElse(null), request.until().orElse(null), request.dryRun());
        engine.start(id);
        return status(id).orElseThrow();
    }

    /**
     * An unfinished replay that already resends what a one-stream request asks for (same target,
     * source and stream, no time range, starting at or before it): what several instances of a
     * consumer send when they find the same gap. The requester watches that replay instead.
     */
    private Optional<StoredReplay> covering(ReplayRequest r) {
        if (r.streams().size() != 1 || r.sources().size() != 1 || r.since().isPresent() || r.until().isPresent() || r.dryRun()) {
            return Optional.empty();
        }
        return registry.unfinished().stream().filter(u -> {
            ReplayRequest q = u.request();
            return q.target().equals(r.target()) && q.sources().equals(r.sources()) && q.streams().equals(r.streams())
                    && q.since().isEmpty() && q.until().isEmpty() && !q.dryRun()
                    && q.fromCommitSequence() <= r.fromCommitSequence();
        }).findFirst();
    }

    Optional<ReplayStatus> status(String id) {
        return registry.find(id).map(this::view);
    }

    List<ReplayStatus> list() {
        return registry.list(LIST_LIMIT).stream().map(this::view).toList();
    }

    /** The replays not yet finished, oldest first, as the status page shows them. */
    List<ReplayStatus> inProgress() {
        return registry.unfinished().stream().map(this::view).toList();
    }

    /** Cancels a replay; empty when unknown, the replay's status otherwise (terminal ones unchanged). */
    Optional<ReplayStatus> cancel(String id) {
        if (registry.find(id).isEmpty()) {
            return Optional.empty();
        }
        engine.cancel(id);
        if (registry.transition(id, ReplayState.CANCELLED, clock.instant())) {
            LOG.info("replay cancelled replay={}", id);
        }
        return status(id);
    }

    /** A page of planned stream heads of one source of a replay; empty when the replay is unknown. */
    Optional<List<StreamHead>> heads(String id, ContextName source, Optional<StreamId> after, int limit) {
        return registry.find(id).map(r -> registry.heads(id, source, after.map(StreamId::value).orElse(""), limit));
    }

    private ReplayStatus view(StoredReplay r) {
        long planned = r.planned();
        long sent = r.sent();
        double rate = engine.rate(r.id()).orElseGet(() -> averageRate(r, sent));
        OptionalDouble eta = !r.state().isTerminal() && rate > 0 && r.sources().stream().allMatch(StoredReplay.Source::planDone)
                ? OptionalDouble.of((planned - sent) / rate) : OptionalDouble.empty();
        List<SourceProgress> progress = r.sources().stream()
                .map(s -> new SourceProgress(s.source(), s.planned(), s.sent(), s.done())).toList();
        return new ReplayStatus(r.id(), r.request(), r.state(), r.createdAt(), r.startedAt(), r.finishedAt(), planned, sent,
                progress, rate, eta, r.resumes(), r.errors());
    }

    private static double averageRate(StoredReplay r, long sent) {
        if (r.startedAt().isEmpty() || r.finishedAt().isEmpty()) {
            return 0;
        }
        double seconds = Duration.between(r.startedAt().get(), r.finishedAt().get()).toNanos() / 1e9;
        return seconds <= 0 ? sent : sent / seconds;
    }

    private String newId() {
        StringBuilder b = new StringBuilder("r");
        for (int i = 0; i < 11; i++) {
            b.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
        }
        return b.toString();
    }

    private static String sorted(Set<ContextName> names) {
        return String.join(", ", names.stream().map(ContextName::value).sorted().toList());
    }
}
