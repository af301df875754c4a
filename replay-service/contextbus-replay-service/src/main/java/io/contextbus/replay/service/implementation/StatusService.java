package io.contextbus.replay.service.implementation;

import io.contextbus.model.ContextName;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.service.DeadLetterCounts;
import io.contextbus.replay.service.SourceStores;
import io.contextbus.replay.service.implementation.StatusSnapshot.ConsumerLag;
import io.contextbus.replay.service.implementation.StatusSnapshot.ContextStatus;
import io.contextbus.store.EventStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.topology.Topology;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Computes the status page's figures from every configured context's store (read-only), the
 * broker's dead-letter counts and the replays in progress. One computation serves every request made
 * within {@link #MAX_AGE} of it, so that many open pages cost the stores no more than one.
 */
final class StatusService {
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(StatusService.class);

    private final SourceStores stores;
    private final Set<ContextName> contexts;
    private final Optional<Topology> topology;
    private final DeadLetterCounts deadLetters;
    private final Supplier<List<ReplayStatus>> replays;
    private final Clock clock;
    private StatusSnapshot last;

    StatusService(SourceStores stores, Set<ContextName> contexts, Optional<Topology> topology, DeadLetterCounts deadLetters,
                  Supplier<List<ReplayStatus>> replays, Clock clock) {
        this.stores = stores;
        this.contexts = new TreeSet<>(Comparator.comparing(ContextName::value));
        this.contexts.addAll(contexts);
        this.topology = topology;
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.clock = clock;
    }

    /** The figures, computed now unless the last computation is younger than {@link #MAX_AGE}. */
    synchronized StatusSnapshot snapshot() {
        Instant now = clock.instant();
        if (last == null || !now.isBefore(last.generatedAt().plus(MAX_AGE))) {
            last = compute(now);
        }
        return last;
    }

    private StatusSnapshot compute(Instant now) {
        Map<String, OptionalLong> dead = deadLetters.deadLettered();
        Map<ContextName, Map<String, Long>> heads = new HashMap<>();
        List<ContextStatus> out = new ArrayList<>();
        for (ContextName c : contexts) {
            out.add(context(c, heads, dead));
        }
        List<ReplayStatus> inProgress = replays.get();
        List<StatusSnapshot.ReplayProgress> shown = inProgress.stream().limit(StatusSnapshot.MAX_REPLAYS)
                .map(StatusMath::replay).toList();
        return new StatusSnapshot(now, out, shown, inProgress.size() - shown.size(), deadLetters.description());
    }

    private ContextStatus context(ContextName c, Map<ContextName, Map<String, Long>> heads, Map<String, OptionalLong> dead) {
        if (!stores.contexts().contains(c)) {
            return unavailable(c, "none", "no store configured for this context (the replay service only sends to it)");
        }
        EventStore store;
        try {
            store = stores.store(c);
        } catch (RuntimeException e) {
            LOG.warn("status: store not readable context={} error=\"{}\"", c, e.toString());
            return unavailable(c, "unknown", "store not readable: " + e.getMessage());
        }
        if (!(store instanceof SqliteEventStore sqlite)) {
            return unavailable(c, "cosmos", "figures are read from SQLite stores only (Cosmos DB: see docs/operations.md)");
        }
        List<ConsumerLag> consumes = new ArrayList<>();
        for (String source : sources(c, sqlite)) {
            ContextName s = ContextName.of(source);
            Map<String, Long> sourceHeads = headsOf(s, heads);
            if (sourceHeads == null) {
                continue;
            }
            OptionalLong dl = dead.getOrDefault(DeadLetterCounts.subscriptionPath(s, c), OptionalLong.empty());
            consumes.add(StatusMath.consumerLag(source, sourceHeads, SqliteStatusQueries.lastApplied(sqlite, source),
                    SqliteStatusQueries.stashed(sqlite, source), SqliteStatusQueries.parked(sqlite, source), dl));
        }
        return new ContextStatus(c.value(), "sqlite", Optional.empty(), Optional.of(SqliteStatusQueries.dispatch(sqlite)),
                consumes);
    }

    /** The sources {@code consumer} subscribes to per the topology, else those its inbox has applied from. */
    private Set<String> sources(ContextName consumer, SqliteEventStore store) {
        if (topology.isEmpty()) {
            return SqliteStatusQueries.inboxSources(store);
        }
        Set<String> sources = new TreeSet<>();
        for (ContextName s : contexts) {
            if (topology.get().subscription(s.topicName(), consumer.value()).isPresent()) {
                sources.add(s.value());
            }
        }
        return sources;
    }

    /** The source's stream heads, read once per computation; null when its store cannot be read here. */
    private Map<String, Long> headsOf(ContextName source, Map<ContextName, Map<String, Long>> heads) {
        if (heads.containsKey(source)) {
            return heads.get(source);
        }
        Map<String, Long> h = null;
        if (stores.contexts().contains(source)) {
            try {
                if (stores.store(source) instanceof SqliteEventStore s) {
                    h = SqliteStatusQueries.streamHeads(s);
                }
            } catch (RuntimeException e) {
                LOG.warn("status: source not readable context={} error=\"{}\"", source, e.toString());
            }
        }
        heads.put(source, h);
        return h;
    }

    private static ContextStatus unavailable(ContextName c, String store, String why) {
        return new ContextStatus(c.value(), store, Optional.of(why), Optional.empty(), List.of());
    }
}
