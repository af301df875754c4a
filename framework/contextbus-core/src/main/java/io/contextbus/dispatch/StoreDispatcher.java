package io.contextbus.dispatch;

import io.contextbus.error.LeaseLostException;
import io.contextbus.error.ValidationException;
import io.contextbus.implementation.ResilientPublisher;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox dispatcher of one {@link EventStore}: publishes every durable commit to the bus, at
 * least once, in store order (which keeps each stream's commitSequence order; a page is never
 * reordered), and moves its checkpoint only after the publisher returned for the whole page.
 *
 * <p><b>At least once.</b> A crash (or a lost lease) between a publish and its checkpoint makes the
 * next active dispatcher publish that page again; the bus's duplicate detection drops the
 * re-sends (MessageId {@code <streamId>:<commitSequence>}) and consumers' inboxes drop the rest.
 *
 * <p><b>One active dispatcher per store.</b> It publishes only while it holds the store's
 * {@link DispatchLease}, renewed before every publish attempt, so a dispatcher that lost the lease
 * publishes nothing more and cannot checkpoint (the checkpoint is fenced by the lease). Others stay
 * on {@link DispatcherState#STANDBY} and take over when the lease is released or expires.
 *
 * <p><b>Never gives up.</b> Failed publishes are retried with exponential backoff and jitter; a
 * circuit breaker pauses publishing while the bus is down and resumes by itself. Non-transient
 * failures are logged once and retried with backoff too, because the checkpoint must not pass an
 * unpublished commit. It wakes on appends made through {@code store} and polls every
 * {@link DispatcherOptions#pollInterval()} for appends made by other processes.
 *
 * <p><b>Lingers under steady traffic.</b> A page that is not full is held until
 * {@link DispatcherOptions#linger()} after the start of the previous publish, and what is appended
 * meanwhile joins it, so a steady stream costs about one publish per linger instead of one per
 * wake-up. A commit that follows a quiet spell of at least a linger, a full page, and a page read
 * after a publish that outlasted the linger go at once; closing ends a linger at once, and the
 * held page is neither published nor checkpointed (the next owner reads it again).
 *
 * <p>Thread-safe: one daemon thread per dispatcher does the work.
 */
public final class StoreDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreDispatcher.class);

    private final EventStore store;
    private final DispatchCheckpointStore checkpoints;
    private final DispatcherOptions options;
    private final ContextName context;
    private final String owner;
    private final ResilientPublisher publisher;
    private final DispatchLeaseHolder lease;
    private final FailureLog failures;
    private final LongSupplier nanoClock;
    private final ContextBusObserver observer;
    private final Wakeup wakeup = new Wakeup();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder commitsDispatched = new LongAdder();
    private final LongAdder batchesDispatched = new LongAdder();
    private final LongAdder retries = new LongAdder();

    private volatile DispatcherState state = DispatcherState.NEW;
    private volatile boolean stopping;
    private volatile Position position;
    private volatile boolean caughtUp;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile Thread worker;
    /** The commits read and not yet published (empty when caught up), for {@link #lag()}. */
    private volatile Pending pending = Pending.NONE;
    private AutoCloseable appendSubscription;

    // Owned by the worker thread.
    private int failedCycles;
    private long lingerEndsAt;  // nanoClock time; the linger is over once it is reached

    public StoreDispatcher(EventStore store, DispatchCheckpointStore checkpoints, CommitPublisher publisher,
                           DispatcherOptions options) {
        this(store, checkpoints, publisher, options, ContextBusObserver.NONE);
    }

    /** Reporting what it does to {@code observer} (pages published, failures, its lag). */
    public StoreDispatcher(EventStore store, DispatchCheckpointStore checkpoints, CommitPublisher publisher,
                           DispatcherOptions options, ContextBusObserver observer) {
        this(store, checkpoints, publisher, options, System::nanoTime, observer);
    }

    /** With the clock the linger is measured on (tests move it by hand). */
    StoreDispatcher(EventStore store, DispatchCheckpointStore checkpoints, CommitPublisher publisher,
                    DispatcherOptions options, LongSupplier nanoClock) {
        this(store, checkpoints, publisher, options, nanoClock, ContextBusObserver.NONE);
    }

    private StoreDispatcher(EventStore store, DispatchCheckpointStore checkpoints, CommitPublisher publisher,
                            DispatcherOptions options, LongSupplier nanoClock, ContextBusObserver observer) {
        this.store = ValidationException.requireNonNull(store, "store");
        this.checkpoints = ValidationException.requireNonNull(checkpoints, "checkpoints");
        ValidationException.requireNonNull(publisher, "publisher");
        this.options = ValidationException.requireNonNull(options, "options");
        this.context = store.context();
        this.owner = options.owner().orElseGet(OwnerIds::generate);
        this.publisher = new ResilientPublisher(publisher, "dispatcher-" + context, options, retries);
        this.lease = new DispatchLeaseHolder(checkpoints, context, owner, options);
        this.failures = new FailureLog(LOG, context.value());
        this.nanoClock = ValidationException.requireNonNull(nanoClock, "nanoClock");
        this.observer = ValidationException.requireNonNull(observer, "observer");
        this.lingerEndsAt = nanoClock.getAsLong();
    }

    /**
     * Starts the dispatcher's thread: it takes the lease when it can and publishes from the
     * checkpoint on. Returns at once.
     *
     * @throws IllegalStateException when already started or closed
     */
    public StoreDispatcher start() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("The dispatcher of context '" + context + "' was already started or closed.");
        }
        appendSubscription = store.onAppend(wakeup::signal);
        Thread thread = new Thread(this::run, "contextbus-dispatcher-" + context);
        thread.setDaemon(true);
        worker = thread;
        state = DispatcherState.STANDBY;
        observer.dispatcherStarted(context, this::lag);
        thread.start();
        return this;
    }

    /**
     * Stops the dispatcher and releases its lease. An in-flight publish may finish within
     * {@link DispatcherOptions#closeTimeout()} and is then checkpointed; after that it is abandoned
     * without a checkpoint (its commits are published again by the next dispatcher). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        wakeup.close();
        closeSubscription();
        Thread thread = worker;
        if (thread == null) {
            state = DispatcherState.STOPPED;
            return;
        }
        if (publisher.isWaitingToRetry()) {
            // Cuts resilience4j's backoff sleep short; the next attempt sees stopping and abandons.
            // The dispatcher's own waits end on wakeup.close(); a publish in flight may finish.
            thread.interrupt();
        }
        joinQuietly(thread);
        if (thread.isAlive()) {
            LOG.warn("dispatcher close timed out, abandoning the in-flight batch context={} owner={} closeTimeout={}",
                    context, owner, options.closeTimeout());
            thread.interrupt();
            joinQuietly(thread);
        }
    }

    /** The owner id this dispatcher uses for the lease. */
    public String owner() {
        return owner;
    }

    public DispatcherStatus status() {
        return new DispatcherStatus(owner, state, Optional.ofNullable(position), caughtUp,
                commitsDispatched.sum(), batchesDispatched.sum(), retries.sum(),
                Optional.ofNullable(lastError), Optional.ofNullable(lastErrorAt));
    }

    /**
     * How far behind the store this dispatcher is now: the commits it has read and not yet published,
     * and how long the oldest of them has waited (measured against the commit stamps, so a clock
     * skew between the appending process and this one shows). {@link DispatchLag#NONE} while caught up,
     * on standby or stopped.
     */
    public DispatchLag lag() {
        return pending.lagAt(Instant.now());
    }

    /** What the worker read and has not published yet. */
    private record Pending(long commits, Instant oldestStamp) {
        static final Pending NONE = new Pending(0, null);

        static Pending of(CommitPage page) {
            return page.isEmpty() ? NONE : new Pending(page.commits().size(), page.commits().get(0).commitStamp());
        }

        DispatchLag lagAt(Instant now) {
            if (oldestStamp == null) {
                return DispatchLag.NONE;
            }
            Duration age = Duration.between(oldestStamp, now);
            return new DispatchLag(commits, age.isNegative() ? Duration.ZERO : age);
        }
    }

    private void run() {
        LOG.info("dispatcher started context={} owner={} pageSize={} linger={} pollInterval={} leaseTtl={}",
                context, owner, options.pageSize(), options.linger(), options.pollInterval(), options.leaseTtl());
        try {
            while (!stopping) {
                if (!lease.held()) {
                    standbyStep();
                } else {
                    activeStep();
                }
            }
        } catch (RuntimeException | Error e) {
            // Each step handles its own failures; only a JVM error (or a bug) gets here. Logged
            // here once, not rethrown, so that the default handler does not print it a second time.
            LOG.error("dispatcher thread died context={} owner={}", context, owner, e);
        } finally {
            Thread.interrupted();  // the release below must not be cut short by close()'s interrupt
            pending = Pending.NONE;
            lease.release();
            state = DispatcherState.STOPPED;
            LOG.info("dispatcher stopped context={} owner={} commitsDispatched={}", context, owner,
                    commitsDispatched.sum());
        }
    }

    private void standbyStep() {
        state = DispatcherState.STANDBY;
        pending = Pending.NONE;
        try {
            if (lease.tryAcquire()) {
                position = null;
                caughtUp = false;
                state = DispatcherState.ACTIVE;
                return;
            }
        } catch (RuntimeException e) {
            recordFailure("acquireLease", "lease", e);
        }
        wakeup.sleep(options.leaseCheckInterval());
    }

    private void activeStep() {
        Position from = position;
        try {
            if (from == null) {
                from = checkpoints.checkpoint();
                position = from;
            }
            long appendsBeforeRead = wakeup.appends();
            CommitPage page = store.readAll(from, options.pageSize());
            if (page.isEmpty()) {
                idle();
                return;
            }
            caughtUp = false;
            pending = Pending.of(page);
            CommitPage held = linger(page, appendsBeforeRead);
            pending = Pending.of(held);
            publishAndCheckpoint(from, held);
        } catch (LeaseLostException e) {
            lease.lost(from, e);
            position = null;
        } catch (DispatcherStoppedException e) {
            LOG.info("dispatcher abandoned a batch on close context={} owner={} at={}", context, owner, from);
        } catch (RuntimeException e) {
            recordFailure("dispatch", String.valueOf(from), e);
            waitAfterFailure();
        }
    }

    /** Throws {@link DispatcherStoppedException} (before any attempt) when closing. */
    private void publishAndCheckpoint(Position from, CommitPage page) {
        long publishStartedAt = nanoClock.getAsLong();
        try {
            publisher.publish(context, page.commits(), this::renewBeforePublish);
        } catch (DispatcherStoppedException | LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            observer.publishFailed(context, page.commits().size(), e);
            throw e;
        }
        // Only a publish that went through starts a linger: a retry after a failure never waits for one.
        lingerEndsAt = publishStartedAt + options.linger().toNanos();
        checkpoints.advanceCheckpoint(lease.current(), page.next());
        position = page.next();
        pending = Pending.NONE;
        commitsDispatched.add(page.commits().size());
        batchesDispatched.increment();
        failedCycles = 0;
        state = DispatcherState.ACTIVE;
        failures.succeeded(String.valueOf(from));
        observer.pagePublished(context, page.commits().size(), Duration.ofNanos(nanoClock.getAsLong() - publishStartedAt));
    }

    /**
     * Holds {@code page} while it is not full and the linger since the last publish is not over,
     * adding what is appended meanwhile. It waits for the end of the linger or for enough append
     * signals to fill the page (then reads them: a signal may stand for a commit already read, so
     * the page may still not be full), and returns at once on close (the publish that follows is then
     * abandoned, so the held commits are neither published nor checkpointed). Returns {@code page}
     * itself when the linger was already over.
     */
    private CommitPage linger(CommitPage page, long appendsBeforeRead) {
        if (lingerEndsAt - nanoClock.getAsLong() <= 0) {
            return page;
        }
        CommitPage held = page;
        long mark = appendsBeforeRead;
        while (!stopping && held.commits().size() < options.pageSize()) {
            long left = lingerEndsAt - nanoClock.getAsLong();
            int missing = options.pageSize() - held.commits().size();
            if (left > 0 && !wakeup.awaitAppends(mark, missing, left)) {
                continue;  // the linger ran out or close: the loop looks again
            }
            mark = wakeup.appends();
            held = join(held, store.readAll(held.next(), missing));
            if (left <= 0) {
                break;
            }
        }
        return held;
    }

    private static CommitPage join(CommitPage page, CommitPage more) {
        if (more.isEmpty()) {
            return page;
        }
        List<Commit> commits = new ArrayList<>(page.commits());
        commits.addAll(more.commits());
        return new CommitPage(commits, more.next());
    }

    private void idle() {
        caughtUp = true;
        pending = Pending.NONE;
        state = DispatcherState.ACTIVE;
        lease.renewIfDue();
        wakeup.awaitAppend(options.leaseCheckInterval());
    }

    private void renewBeforePublish() {
        if (stopping) {
            throw new DispatcherStoppedException();
        }
        lease.renew();
    }

    private void waitAfterFailure() {
        if (publisher.isCircuitOpen()) {
            state = DispatcherState.CIRCUIT_OPEN;
            wakeup.sleep(options.breaker().openWait());
            return;
        }
        failedCycles++;
        retries.increment();
        wakeup.sleep(Duration.ofMillis(publisher.cycleBackoffMillis(failedCycles)));
    }

    private void recordFailure(String step, String at, RuntimeException e) {
        lastError = e.getClass().getName() + ": " + e.getMessage();
        lastErrorAt = Instant.now();
        failures.failed(step, at, e);
    }

    private void closeSubscription() {
        try {
            if (appendSubscription != null) {
                appendSubscription.close();
            }
        } catch (Exception e) {
            LOG.warn("dispatcher could not unregister its append listener context={} error=\"{}\"", context, e.toString());
        }
    }

    private void joinQuietly(Thread thread) {
        try {
            thread.join(options.closeTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
