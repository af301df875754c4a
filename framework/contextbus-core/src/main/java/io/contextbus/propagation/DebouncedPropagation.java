package io.contextbus.propagation;

import io.contextbus.error.ValidationException;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the latest state of each changed entity to a {@link PropagationSink} once the entity has
 * been quiet for {@link PropagationOptions#quietPeriod()} (each change restarts the wait), and at the
 * latest {@link PropagationOptions#maxWait()} after its first unpushed change, so that a burst of
 * changes costs one call. One scheduler thread serves every entity; a few worker threads call the
 * sink. A failed push is retried with exponential backoff and jitter until the sink accepts it.
 *
 * <p>Guarantee: at least once, latest state. Changes are announced by the {@link PropagationMarks}
 * once durable; the mark is cleared only after the sink accepted that version (never a newer one),
 * and {@link #start} pushes every entity still dirty, so a crash between the local commit and the
 * sink call loses nothing. {@link #close} stops without pushing what waits: it stays dirty.
 *
 * @param <S> the state the sink receives
 */
public final class DebouncedPropagation<S> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DebouncedPropagation.class);

    private final String name;
    private final PropagationMarks marks;
    private final StateReader<S> reader;
    private final PropagationSink<S> sink;
    private final PropagationOptions options;
    private final Clock clock;
    private final IntervalFunction backoff;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<String, Entry> entries = new HashMap<>(); // guarded by lock
    private final ExecutorService workers;
    private final Thread scheduler;
    private AutoCloseable subscription; // guarded by lock
    private int inFlight; // guarded by lock
    private boolean started; // guarded by lock
    private boolean closed; // guarded by lock
    private long changes; // guarded by lock
    private long pushes; // guarded by lock
    private long failures; // guarded by lock

    /** What waits to be pushed for one entity. */
    private static final class Entry {
        final String entity;
        long version;
        Instant firstChange; // of the changes not yet handed to a push; null when none
        Instant lastChange;
        boolean pushing;
        int failedAttempts;
        Instant retryAt;

        Entry(String entity) {
            this.entity = entity;
        }
    }

    private record Attempt(String entity, long version, Instant firstChange) {
    }

    private DebouncedPropagation(Builder<S> b) {
        this.name = b.name;
        this.marks = b.marks;
        this.reader = b.reader;
        this.sink = b.sink;
        this.options = b.options;
        this.clock = b.clock;
        PropagationOptions.Backoff r = options.retry();
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(r.initialDelay(), r.multiplier(), r.jitter(), r.maxDelay());
        this.workers = Executors.newFixedThreadPool(options.concurrency(), task -> {
            Thread t = new Thread(task, "propagation-" + name + "-push");
            t.setDaemon(true);
            return t;
        });
        this.scheduler = new Thread(this::schedule, "propagation-" + name);
        this.scheduler.setDaemon(true);
    }

    /**
     * A propagation named {@code name} (for logs and threads) that learns of changes from
     * {@code marks}, reads the state to push with {@code reader} and pushes it to {@code sink}.
     */
    public static <S> Builder<S> builder(String name, PropagationMarks marks, StateReader<S> reader,
                                         PropagationSink<S> sink) {
        return new Builder<>(name, marks, reader, sink);
    }

    /**
     * Subscribes to the marks, queues every entity that is dirty now to be pushed at once, and starts
     * the scheduler. Call it once.
     *
     * @throws IllegalStateException when started twice or after {@link #close}
     */
    public DebouncedPropagation<S> start() {
        lock.lock();
        try {
            if (started || closed) {
                throw new IllegalStateException("Propagation '" + name + "' was already " + (closed ? "closed." : "started."));
            }
            started = true;
            subscription = marks.onMarked(m -> changed(m.entity(), m.version()));
        } finally {
            lock.unlock();
        }
        List<DirtyMark> dirty = marks.pending();
        Instant dueNow = clock.instant().minus(options.maxWait());
        lock.lock();
        try {
            for (DirtyMark m : dirty) {
                record(m.entity(), m.version(), dueNow);
            }
        } finally {
            lock.unlock();
        }
        log.info("event=propagation-started name={} dirtyAtStart={} quietPeriod={} maxWait={}", name, dirty.size(),
                options.quietPeriod(), options.maxWait());
        scheduler.start();
        return this;
    }

    /**
     * Announces that {@code entity} changed to {@code version}, durably. The marks call this
     * themselves; call it directly only for a change whose mark is already committed.
     */
    public void changed(String entity, long version) {
        DirtyMark mark = new DirtyMark(entity, version);
        lock.lock();
        try {
            if (closed) {
                return; // the mark is durable: the next start pushes it
            }
            record(mark.entity(), mark.version(), clock.instant());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void record(String entity, long version, Instant at) {
        Entry e = entries.computeIfAbsent(entity, Entry::new);
        e.version = Math.max(e.version, version);
        if (e.firstChange == null) {
            e.firstChange = at;
        }
        e.lastChange = at;
        changes++;
    }

    /** Counts since start and the entities pending now. */
    public PropagationStats stats() {
        lock.lock();
        try {
            return new PropagationStats(changes, pushes, failures, entries.size());
        } finally {
            lock.unlock();
        }
    }

    /** True when no entity waits for a push and none is in flight. */
    public boolean isIdle() {
        lock.lock();
        try {
            return entries.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    private void schedule() {
        while (true) {
            List<Attempt> due = new ArrayList<>();
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                Instant now = clock.instant();
                Instant next = now.plus(options.pollInterval());
                for (Entry e : entries.values()) {
                    if (e.pushing || e.firstChange == null) {
                        continue;
                    }
                    Instant at = dueAt(e);
                    if (at.isAfter(now)) {
                        next = at.isBefore(next) ? at : next;
                    } else if (inFlight + due.size() < options.concurrency()) {
                        due.add(new Attempt(e.entity, e.version, e.firstChange));
                        e.pushing = true;
                        e.firstChange = null;
                    } // else due but every worker busy: a finished push signals
                }
                inFlight += due.size();
                if (due.isEmpty()) {
                    long waitMillis = Math.max(1, Duration.between(now, next).toMillis());
                    changed.await(waitMillis, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                lock.unlock();
            }
            for (Attempt a : due) {
                workers.execute(() -> push(a));
            }
        }
    }

    private Instant dueAt(Entry e) {
        if (e.failedAttempts > 0) {
            return e.retryAt;
        }
        Instant quiet = e.lastChange.plus(options.quietPeriod());
        Instant latest = e.firstChange.plus(options.maxWait());
        return quiet.isBefore(latest) ? quiet : latest;
    }

    private void push(Attempt a) {
        Exception failure = null;
        try {
            Optional<S> state = reader.read(a.entity());
            if (state.isPresent()) {
                sink.push(a.entity(), a.version(), state.get());
            }
            marks.clear(new DirtyMark(a.entity(), a.version()));
        } catch (Exception e) {
            failure = e;
        } catch (Error e) {
            failure = new IllegalStateException(e.toString(), e);
        }
        lock.lock();
        try {
            inFlight--;
            Entry e = entries.get(a.entity());
            e.pushing = false;
            if (failure == null) {
                pushes++;
                e.failedAttempts = 0;
                if (e.firstChange == null) {
                    entries.remove(a.entity()); // no change since the push began
                }
            } else {
                failures++;
                e.failedAttempts++;
                e.retryAt = clock.instant().plusMillis(backoff.apply(e.failedAttempts));
                if (e.firstChange == null || a.firstChange().isBefore(e.firstChange)) {
                    e.firstChange = a.firstChange();
                }
                log.warn("event=propagation-push-failed name={} entity={} version={} attempt={} retryAt={} error=\"{}\"",
                        name, a.entity(), a.version(), e.failedAttempts, e.retryAt, failure.toString());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the scheduler and waits up to {@link PropagationOptions#closeTimeout()} for pushes in
     * flight; what waits for its quiet period is not pushed now, it stays dirty for the next start.
     */
    @Override
    public void close() {
        AutoCloseable sub;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            sub = subscription;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (sub != null) {
                sub.close();
            }
            if (scheduler.isAlive()) {
                scheduler.join(options.closeTimeout().toMillis());
            }
            workers.shutdown();
            if (!workers.awaitTermination(options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("event=propagation-close-timeout name={} timeout={}", name, options.closeTimeout());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        } catch (Exception e) {
            log.warn("event=propagation-close-failed name={} error=\"{}\"", name, e.toString());
        }
        log.info("event=propagation-closed name={} pushes={} failures={}", name, stats().pushes(), stats().failures());
    }

    /** Builds a {@link DebouncedPropagation}; {@link PropagationOptions#DEFAULT} and the UTC system clock unless set. */
    public static final class Builder<S> {
        private final String name;
        private final PropagationMarks marks;
        private final StateReader<S> reader;
        private final PropagationSink<S> sink;
        private PropagationOptions options = PropagationOptions.DEFAULT;
        private Clock clock = Clock.systemUTC();

        private Builder(String name, PropagationMarks marks, StateReader<S> reader, PropagationSink<S> sink) {
            this.name = ValidationException.requireNonNull(name, "name");
            ValidationException.require(!name.isBlank(), "name", "cannot be blank.");
            this.marks = ValidationException.requireNonNull(marks, "marks");
            this.reader = ValidationException.requireNonNull(reader, "reader");
            this.sink = ValidationException.requireNonNull(sink, "sink");
        }

        public Builder<S> options(PropagationOptions options) {
            this.options = ValidationException.requireNonNull(options, "options");
            return this;
        }

        /** The clock the quiet period, maximum wait and backoff are measured on (a test's movable clock). */
        public Builder<S> clock(Clock clock) {
            this.clock = ValidationException.requireNonNull(clock, "clock");
            return this;
        }

        /** The propagation, not started yet. */
        public DebouncedPropagation<S> build() {
            return new DebouncedPropagation<>(this);
        }
    }
}
