package io.contextbus.samples.runtime;

import io.contextbus.error.CommitIdReusedException;
import io.contextbus.error.ConcurrencyException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.samples.common.domain.Decider;
import io.contextbus.serialization.EventCodec;
import io.contextbus.store.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs commands against event-sourced streams: loads the stream's state (kept in memory after the
 * first load), lets the decider decide, and appends the events as one commit with the next
 * commitSequence. Several commands given together become one commit, or none if they cause no
 * events. The commitId makes a retried command idempotent at the store; on a concurrency conflict
 * (another writer got there first) the state is reloaded and the commands decided again.
 * Commands on one stream are serialized in this process; different streams run in parallel.
 *
 * @param <C> commands
 * @param <S> state
 * @param <E> events
 */
public final class Aggregates<C, S, E> {
    private static final int MAX_ATTEMPTS = 5;

    private record Versioned<S>(long sequence, long revision, S state) {
    }

    private final EventStore store;
    private final Decider<C, S, E> decider;
    private final EventCodec codec;
    private final Class<E> eventClass;
    private final Map<String, Versioned<S>> cache = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[256];

    /**
     * @param codec writes and reads the context's events (every class the decider emits is registered in it)
     * @param eventClass the decider's event type, which every stored event of these streams reads as
     */
    public Aggregates(EventStore store, Decider<C, S, E> decider, EventCodec codec, Class<E> eventClass) {
        this.store = store;
        this.decider = decider;
        this.codec = codec;
        this.eventClass = eventClass;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
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
                Versioned<S> v = current(stream);
                List<E> decided = decideAll(commands, v.state());
                if (decided.isEmpty()) {
                    return decided;
                }
                List<EventMessage> messages = decided.stream().map(codec::encode).toList();
                CommitAttempt a = new CommitAttempt(StreamId.of(stream), v.sequence() + 1,
                        v.revision() + messages.size(), commitId, Instant.now(), headers, messages);
                try {
                    store.append(a);
                    cache.put(stream, new Versioned<>(a.commitSequence(), a.streamRevision(),
                            decider.fold(v.state(), decided)));
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

    private Versioned<S> current(String stream) {
        return cache.computeIfAbsent(stream, this::read);
    }

    private Versioned<S> read(String stream) {
        S state = decider.initialState();
        long sequence = 0;
        long revision = 0;
        for (Commit c : store.readStream(StreamId.of(stream), 1)) {
            for (EventMessage m : c.events()) {
                state = decider.evolve(state, codec.decode(m, eventClass));
            }
            sequence = c.commitSequence();
            revision = c.streamRevision();
        }
        return new Versioned<>(sequence, revision, state);
    }

    private Object lockOf(String stream) {
        return locks[Math.floorMod(stream.hashCode(), locks.length)];
    }
}
