package io.contextbus.samples.runtime;

import io.contextbus.aggregate.AggregateRepository;
import io.contextbus.aggregate.AggregateState;
import io.contextbus.aggregate.RepositoryStats;
import io.contextbus.aggregate.SnapshotCodec;
import io.contextbus.aggregate.StateFold;
import io.contextbus.error.CommitIdReusedException;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.samples.common.domain.Decider;
import io.contextbus.serialization.EventCodec;
import io.contextbus.store.EventStore;
import io.contextbus.store.SnapshotPolicy;
import io.contextbus.store.SnapshotStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs commands against event-sourced streams: loads the stream's state through the framework's
 * {@link AggregateRepository} (from the latest snapshot when there is one, then kept in memory),
 * lets the decider decide, and appends the events as one commit with the next
 * commitSequence. Several commands given together become one commit, or none if they cause no
 * events. The commitId makes a retried command idempotent at the store; on a concurrency conflict
 * (another writer got there first) the state is reloaded and the commands decided again.
 * Commands on one stream are serialized in this process; different streams run in parallel. With
 * snapshots, one is written every {@link #SNAPSHOT_EVERY} commits of a stream, in the background.
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 */
public final class Aggregates<C, S, E> implements AutoCloseable {
    /** The samples snapshot a stream every this many commits. */
    public static final int SNAPSHOT_EVERY = 50;
    private static final int MAX_ATTEMPTS = 5;

    private final AggregateRepository<S> repository;
    private final Decider<C, S, E> decider;
    private final EventCodec codec;
    private final Map<String, AggregateState<S>> cache = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[256];

    /**
     * Without snapshots: every first load of a stream folds it from commit 1.
     *
     * @param codec writes and reads the context's events (every class the decider emits is registered in it)
     * @param eventClass the decider's event type, which every stored event of these streams reads as
     */
    public Aggregates(EventStore store, Decider<C, S, E> decider, EventCodec codec, Class<E> eventClass) {
        this(AggregateRepository.builder(store, fold(decider, codec, eventClass)), decider, codec);
    }

    /** With a snapshot every {@link #SNAPSHOT_EVERY} commits in {@code snapshots}, the state written by {@code stateCodec}. */
    public Aggregates(EventStore store, SnapshotStore snapshots, SnapshotCodec<S> stateCodec, Decider<C, S, E> decider,
                      EventCodec codec, Class<E> eventClass) {
        this(AggregateRepository.builder(store, fold(decider, codec, eventClass))
                .snapshots(snapshots, stateCodec, SnapshotPolicy.everyCommits(SNAPSHOT_EVERY)), decider, codec);
    }

    private Aggregates(AggregateRepository.Builder<S> repository, Decider<C, S, E> decider, EventCodec codec) {
        this.repository = repository.build();
        this.decider = decider;
        this.codec = codec;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private static <S, E> StateFold<S> fold(Decider<?, S, E> decider, EventCodec codec, Class<E> eventClass) {
        return new StateFold<>() {
            @Override
            public S initialState() {
                return decider.initialState();
            }

            @Override
            public S apply(S state, Commit commit) {
                S s = state;
                for (EventMessage m : commit.events()) {
                    s = decider.evolve(s, codec.decode(m, eventClass));
                }
                return s;
            }
        };
    }

    /** The current state of {@code stream}. */
    public S load(String stream) {
        synchronized (lockOf(stream)) {
            return current(stream).state();
        }
    }

    /**
     * Decides {@code commands} in order on {@code stream} and appends the events as one commit.
     *
     * @return the events appended; empty when the commands were already done
     * @throws io.contextbus.samples.common.domain.DomainRuleException when a command breaks a rule; nothing is appended
     */
    public List<E> execute(String stream, List<C> commands, UUID commitId, Map<String, String> headers) {
        synchronized (lockOf(stream)) {
            for (int attempt = 1; ; attempt++) {
                AggregateState<S> v = current(stream);
                List<E> decided = decideAll(commands, v.state());
                if (decided.isEmpty()) {
                    return decided;
                }
                List<EventMessage> messages = decided.stream().map(codec::encode).toList();
                try {
                    cache.put(stream, repository.save(v, messages, commitId, headers));
                    return decided;
                } catch (CommitIdReusedException e) {
                    // The commitId was appended before (a retry after a crash): nothing new was written.
                    cache.remove(stream);
                    return List.of();
                } catch (ConcurrencyException e) {
                    cache.remove(stream);
                    if (attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                }
            }
        }
    }

    private List<E> decideAll(List<C> commands, S state) {
        List<E> all = new ArrayList<>();
        S s = state;
        for (C command : commands) {
            List<E> decided = decider.decide(command, s);
            s = decider.fold(s, decided);
            all.addAll(decided);
        }
        return all;
    }

    private AggregateState<S> current(String stream) {
        return cache.computeIfAbsent(stream, id -> repository.load(StreamId.of(id)));
    }

    /** Snapshots written, failed and skipped, and how loads started; for the service's stats. */
    public RepositoryStats stats() {
        return repository.stats();
    }

    /** Writes the snapshots still queued and stops the snapshot thread; the store stays open. */
    @Override
    public void close() {
        repository.close();
    }

    private Object lockOf(String stream) {
        return locks[Math.floorMod(stream.hashCode(), locks.length)];
    }
}
