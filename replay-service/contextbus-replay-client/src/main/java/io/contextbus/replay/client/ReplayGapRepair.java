package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import io.contextbus.handler.GapRepair;
import io.contextbus.inbox.Gap;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.StreamHead;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GapRepair} port of contextbus-core, served by the replay service: a gap in a stream
 * becomes a replay of exactly that stream from the first missing commitSequence, for this consumer
 * only. Requests are merged: while a replay for a stream is pending (or settled less than
 * {@code settle} ago) and covers the new gap (it starts at or before it, and its end is unknown yet
 * or at or after it), the new gap is absorbed instead of asked for again. {@link #requestReplay}
 * returns at once; requests go out on a background thread and are retried while the service
 * cannot be reached.
 */
public final class ReplayGapRepair implements GapRepair, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayGapRepair.class);

    private final ReplayClient client;
    private final ContextName consumer;
    private final Duration poll;
    private final Duration settle;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "contextbus-gap-repair");
        t.setDaemon(true);
        return t;
    });
    private final Map<Key, Pending> pending = new HashMap<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong absorbed = new AtomicLong();

    /** Asks {@code client}'s service for replays to {@code consumer}; polls each pending replay every {@code poll}. */
    public ReplayGapRepair(ReplayClient client, ContextName consumer, Duration poll, Duration settle) {
        this.client = ValidationException.requireNonNull(client, "client");
        this.consumer = ValidationException.requireNonNull(consumer, "consumer");
        this.poll = ValidationException.requireNonNull(poll, "poll");
        this.settle = ValidationException.requireNonNull(settle, "settle");
    }

    /** With a 500 ms poll and 30 s settle time. */
    public ReplayGapRepair(ReplayClient client, ContextName consumer) {
        this(client, consumer, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    @Override
    public void requestReplay(Gap gap) {
        ValidationException.requireNonNull(gap, "gap");
        Key key = new Key(gap.source(), gap.streamId());
        Pending p;
        synchronized (pending) {
            Pending existing = pending.get(key);
            if (existing != null && existing.covers(gap, System.nanoTime(), settle)) {
                existing.wantedTo = Math.max(existing.wantedTo, gap.toSequence());
                absorbed.incrementAndGet();
                return;
            }
            p = new Pending(gap.fromSequence(), gap.toSequence());
            pending.put(key, p);
        }
        worker.execute(() -> submit(key, p));
    }

    /** Replays asked for so far. */
    public long requested() {
        return requested.get();
    }

    /** Gap reports absorbed by a pending replay that already covers them. */
    public long absorbed() {
        return absorbed.get();
    }

    private void submit(Key key, Pending p) {
        try {
            ReplayStatus s = client.submit(ReplayRequest.stream(consumer, key.source(), key.stream(), p.from));
            requested.incrementAndGet();
            p.replayId = s.id();
            LOG.info("gap repair requested replay={} consumer={} source={} stream={} from={}",
                    s.id(), consumer, key.source(), key.stream(), p.from);
            worker.schedule(() -> watch(key, p), poll.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ReplayClientException e) {
            if (e.isTransient()) {
                LOG.warn("gap repair request failed, retrying consumer={} source={} stream={} from={} error=\"{}\"",
                        consumer, key.source(), key.stream(), p.from, e.getMessage());
                worker.schedule(() -> submit(key, p), poll.toMillis() * 4, TimeUnit.MILLISECONDS);
            } else {
                LOG.error("gap repair refused consumer={} source={} stream={} from={} error=\"{}\"",
                        consumer, key.source(), key.stream(), p.from, e.getMessage());
                forget(key, p);
            }
        }
    }

    private void watch(Key key, Pending p) {
        try {
            Optional<ReplayStatus> s = client.status(p.replayId);
            if (s.isPresent() && !s.get().state().isTerminal()) {
                worker.schedule(() -> watch(key, p), poll.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (s.isPresent() && s.get().isComplete()) {
                p.head = client.heads(p.replayId, key.source()).stream().mapToLong(StreamHead::lastSequence).max().orElse(0);
                p.settledAt = System.nanoTime();
                if (p.wantedTo > p.head && p.head >= p.from) {
                    // A gap absorbed while this replay ran lies beyond what it planned: ask for the rest.
                    Pending rest = new Pending(Math.max(p.from, p.head + 1), p.wantedTo);
                    synchronized (pending) {
                        pending.put(key, rest);
                    }
                    submit(key, rest);
                }
            } else {
                forget(key, p);
            }
        } catch (ReplayClientException e) {
            worker.schedule(() -> watch(key, p), poll.toMillis() * 4, TimeUnit.MILLISECONDS);
        }
    }

    private void forget(Key key, Pending p) {
        synchronized (pending) {
            pending.remove(key, p);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    private record Key(ContextName source, StreamId stream) {
    }

    /** A replay asked for one stream: from where, and once it completed, up to where and when. */
    private static final class Pending {
        final long from;
        volatile long wantedTo;
        volatile String replayId;
        volatile long head = -1;
        volatile long settledAt;

        Pending(long from, long wantedTo) {
            this.from = from;
            this.wantedTo = wantedTo;
        }

        boolean covers(Gap gap, long now, Duration settle) {
            if (from > gap.fromSequence()) {
                return false;
            }
            if (head < 0) {
                // Not finished: it ends at the stream's head when planned, which is past any gap seen now.
                return true;
            }
            return head >= gap.toSequence() && now - settledAt < settle.toNanos();
        }
    }
}
