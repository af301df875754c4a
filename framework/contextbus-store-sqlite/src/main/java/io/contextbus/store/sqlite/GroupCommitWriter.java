package io.contextbus.store.sqlite;

import io.contextbus.error.ContextBusException;
import io.contextbus.error.StoreException;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a store: callers queue jobs; one thread drains whatever is waiting (up to
 * the group size), runs each job in its own savepoint inside one {@code BEGIN IMMEDIATE}
 * transaction, commits once (one fsync for the whole group) and only then completes each caller's
 * future. A job that fails is rolled back to its savepoint and does not fail the others. Across
 * processes, {@code BEGIN IMMEDIATE} waits for SQLite's write lock up to the busy timeout.
 *
 * <p>A caller that waits ({@link #submit}) while the writer is idle (no group running, nothing
 * queued) runs its job itself, in a transaction of its own on its own thread: the same
 * {@code BEGIN IMMEDIATE ... COMMIT} the writer thread would run, without the two thread hand-offs.
 * The connection lock makes the two paths exclusive; a group runs under it too, so a job queued
 * before such a call (by the same thread) has committed before the call's job starts.
 *
 * <p>Inbox applies run handler code, which may be slow; they are queued as <em>applies</em>. A group
 * runs the store's own writes (appends, checkpoints, leases) first, then the applies, and ends
 * early, committing what ran, once its applies have run for {@code maxGroupTime} or once a write of
 * the store's own is waiting: the applies left over run first (in their order) in the next group,
 * behind the own writes waiting then. A transaction that applies handlers thus lasts about
 * {@code maxGroupTime} plus one handler, and an append waits at most for the handler running when it
 * arrives. Applies keep their order among themselves, own writes theirs.
 */
final class GroupCommitWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /**
     * Held by whoever uses the connection: the writer thread for a group, or a caller running alone;
     * the WAL checkpointer takes it to finish a checkpoint between two transactions. Fair, so that
     * neither the writer thread nor the checkpointer waits behind a stream of callers.
     */
    private final ReentrantLock connectionLock = new ReentrantLock(true);
    /** Jobs queued whose group has not started yet (counted before they enter the queue). */
    private final AtomicInteger waiting = new AtomicInteger();
    /** Writes of the store's own (not applies) queued and not started: a group of applies ends early for them. */
    private final AtomicInteger ownWaiting = new AtomicInteger();
    /** Applies taken from the queue that the last group left over (writer thread only): they run next. */
    private final Deque<Pending<?>> carried = new ArrayDeque<>();
    private final long maxGroupNanos;
    private final AtomicLong longestTransactionNanos = new AtomicLong();
    private final WriteTx tx;
    private final Path file;
    private final int maxGroupSize;
    private final Thread thread;
    private volatile boolean closed;
    private int lastGroupSize = 1;
    private final LongAdder groups = new LongAdder();
    private final LongAdder jobs = new LongAdder();
    private final List<Runnable> commitListeners = new CopyOnWriteArrayList<>();

    /** At most this long a group waits for the callers of the previous group to come back. */
    private static final long LINGER_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private static final class Pending<R> {
        final WriteJob<R> job;
        /** An inbox apply (handler code, maybe slow), not a write of the store's own. */
        final boolean apply;
        final CompletableFuture<R> future = new CompletableFuture<>();
        R result;
        Throwable failure;

        Pending(WriteJob<R> job, boolean apply) {
            this.job = job;
            this.apply = apply;
        }

        void runIn(WriteTx tx) throws Exception {
            result = job.run(tx);
        }

        void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(result);
            }
        }
    }

    GroupCommitWriter(Connection connection, Path file, int maxGroupSize, Duration maxGroupTime) {
        this.tx = new WriteTx(connection);
        this.file = file;
        this.maxGroupSize = maxGroupSize;
        this.maxGroupNanos = maxGroupTime.toNanos();
        this.thread = new Thread(this::loop, "contextbus-sqlite-writer-" + file.getFileName());
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Runs {@code job} and returns once its transaction committed: on this thread, alone, when the
     * writer is idle; otherwise in the writer's next group. {@code apply}: an inbox apply (see the
     * class comment).
     */
    <R> R submit(WriteJob<R> job, boolean apply) {
        if (Thread.currentThread() == thread || connectionLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("A store write was started from inside a store transaction (for example"
                    + " an inbox applier calling append); write through the applier's Connection instead.");
        }
        if (closed) {
            throw SqliteErrors.closed(file);
        }
        // tryLock barges past a fair lock's queue: only when nobody (writer thread, checkpointer) waits
        if (!connectionLock.hasQueuedThreads() && connectionLock.tryLock()) {
            try {
                // under the lock no group runs; nothing waiting means nothing queued before this call
                if (waiting.get() == 0 && !closed) {
                    return runAlone(job);
                }
            } finally {
                connectionLock.unlock();
            }
        }
        return await(submitAsync(job, apply));
    }

    /** A transaction of one job, on the caller's thread, under the connection lock. */
    private <R> R runAlone(WriteJob<R> job) {
        try {
            tx.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "Starting a write transaction", file);
        }
        long begun = System.nanoTime();
        R result;
        try {
            result = job.run(tx);
        } catch (Exception | Error e) {
            tx.endJob();
            rollbackQuietly();
            throw failureOf(e instanceof SQLException s ? SqliteErrors.translate(s, "Writing", file) : e);
        }
        tx.endJob();
        try {
            tx.execute("COMMIT");
        } catch (SQLException e) {
            log.warn("event=commit-failed file={} error={}", file, e.getMessage());
            rollbackQuietly();
            throw SqliteErrors.translate(e, "Committing a write", file);
        }
        recordTransaction(begun);
        groups.increment();
        jobs.increment();
        notifyCommitted();
        return result;
    }

    /**
     * Queues {@code job} for the next group without waiting: the future completes, on this
     * writer's thread, once the group's transaction committed (or with the job's failure). Jobs are
     * run in the order they were queued.
     */
    <R> CompletableFuture<R> submitAsync(WriteJob<R> job, boolean apply) {
        if (closed) {
            throw SqliteErrors.closed(file);
        }
        Pending<R> pending = new Pending<>(job, apply);
        waiting.incrementAndGet();
        if (!apply) {
            ownWaiting.incrementAndGet();
        }
        queue.add(pending);
        if (closed) {
            failAll(List.of(pending), SqliteErrors.closed(file));
        }
        return pending.future;
    }

    private <R> R await(CompletableFuture<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for a write to " + file
                    + "; it may or may not have been committed (re-appending the same commitId is safe).", true, e);
        } catch (ExecutionException e) {
            throw failureOf(e.getCause());
        }
    }

    /** What a failed job's caller gets: its own runtime exception, anything else wrapped. */
    private RuntimeException failureOf(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new StoreException("Write to " + file + " failed: " + cause, false, cause);
    }

    private void loop() {
        List<Pending<?>> group = new ArrayList<>(maxGroupSize);
        while (!closed || !queue.isEmpty() || !carried.isEmpty()) {
            try {
                Pending<?> first = carried.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS) : null;
                if (first == null && carried.isEmpty()) {
                    continue;
                }
                connectionLock.lockInterruptibly();
                try {
                    runNextGroup(first, group);
                } finally {
                    connectionLock.unlock();
                }
            } catch (InterruptedException e) {
                // nothing of this group has run yet: its callers may retry
                log.warn("event=writer-interrupted file={} group={}", file, group.size());
                failAll(group, new StoreException("The SQLite writer of " + file + " was interrupted before writing;"
                        + " nothing was written.", true, e));
            } catch (RuntimeException | Error e) {
                log.error("event=writer-failure file={} group={}", file, group.size(), e);
                rollbackQuietly();
                failAll(group, new StoreException("The SQLite writer of " + file + " failed: " + e, false, e));
            } finally {
                group.clear();
            }
        }
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        failAll(left, SqliteErrors.closed(file));
        // a caller running alone finishes its transaction before the connection closes
        connectionLock.lock();
        try {
            tx.closeStatements();
            tx.connection().close();
        } catch (SQLException e) {
            log.warn("event=writer-close-failed file={} error={}", file, e.getMessage());
        } finally {
            connectionLock.unlock();
        }
    }

    /**
     * Takes the next group (own writes first, then the applies carried over, then new applies) into
     * {@code group} and runs it; the jobs that did not run are moved from {@code group} to the next
     * group and count as waiting again. On an exception {@code group} holds every job taken, for the
     * caller to fail.
     */
    private void runNextGroup(Pending<?> first, List<Pending<?>> group) throws InterruptedException {
        List<Pending<?>> taken = new ArrayList<>(maxGroupSize);
        if (first != null) {
            taken.add(first);
        }
        try {
            // callers that found the connection busy queued meanwhile: they join this group
            queue.drainTo(taken, Math.max(0, maxGroupSize - carried.size() - taken.size()));
            if (carried.isEmpty()) {
                lingerForCompany(taken);
            }
        } finally {
            for (Pending<?> p : taken) {
                if (!p.apply) {
                    group.add(p);
                    ownWaiting.decrementAndGet();
                }
            }
            group.addAll(carried);
            carried.clear();
            for (Pending<?> p : taken) {
                if (p.apply) {
                    group.add(p);
                }
            }
            lastGroupSize = taken.size();
            waiting.addAndGet(-group.size());
        }
        int ran = runGroup(group);
        for (int i = group.size() - 1; i >= ran; i--) {
            carried.addFirst(group.remove(i));
        }
        waiting.addAndGet(carried.size());
    }

    /**
     * Callers of the last group were woken together but come back one by one; when fewer than last
     * time are waiting, wait briefly for the others so that they share this group's fsync instead
     * of each paying for the next. A lone writer (last group of one) never waits.
     */
    private void lingerForCompany(List<Pending<?>> group) throws InterruptedException {
        int wanted = Math.min(lastGroupSize, maxGroupSize);
        long deadline = System.nanoTime() + LINGER_NANOS;
        while (group.size() < wanted) {
            long left = deadline - System.nanoTime();
            Pending<?> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, maxGroupSize - group.size());
        }
    }

    /** The lock a transaction on the writer connection runs under (see {@link WalCheckpointer}). */
    ReentrantLock connectionLock() {
        return connectionLock;
    }

    /** Jobs waiting for the next group. */
    int queued() {
        return waiting.get();
    }

    /** Groups committed and jobs run so far (for benchmarks and diagnostics). */
    Stats stats() {
        return new Stats(groups.sum(), jobs.sum());
    }

    record Stats(long groups, long jobs) {
        double averageGroupSize() {
            return groups == 0 ? 0 : (double) jobs / groups;
        }
    }

    /**
     * Runs the group's jobs in one transaction until they are done or its applies have had their
     * time (see the class comment), commits, completes the jobs that ran and returns how many ran
     * (all of them when the group failed: each was failed).
     */
    private int runGroup(List<Pending<?>> group) {
        try {
            tx.execute("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            failAll(group, SqliteErrors.translate(e, "Starting a write transaction", file));
            return group.size();
        }
        long begun = System.nanoTime();
        int ran = 0;
        try {
            while (ran < group.size() && !timeIsUp(group.get(ran), ran, begun)) {
                runInSavepoint(group.get(ran));
                ran++;
            }
            tx.execute("COMMIT");
        } catch (SQLException e) {
            StoreException failure = SqliteErrors.translate(e, "Committing " + group.size() + " writes", file);
            log.warn("event=group-commit-failed file={} group={} error={}", file, group.size(), e.getMessage());
            rollbackQuietly();
            failAll(group, failure);
            return group.size();
        }
        recordTransaction(begun);
        groups.increment();
        jobs.add(ran);
        notifyCommitted();
        group.subList(0, ran).forEach(Pending::complete);
        return ran;
    }

    /** Whether the group ends before {@code next}: an apply after the group's time, or with an own write waiting. */
    private boolean timeIsUp(Pending<?> next, int ran, long begun) {
        return next.apply && ran > 0 && (ownWaiting.get() > 0 || System.nanoTime() - begun >= maxGroupNanos);
    }

    private void recordTransaction(long begun) {
        long took = System.nanoTime() - begun;
        longestTransactionNanos.accumulateAndGet(took, Math::max);
    }

    /** The longest write transaction so far, from its first job to its commit. */
    Duration longestTransaction() {
        return Duration.ofNanos(longestTransactionNanos.get());
    }

    /** Runs {@code listener} on this thread after every group that committed, before its callers return. */
    void addCommitListener(Runnable listener) {
        commitListeners.add(listener);
    }

    void removeCommitListener(Runnable listener) {
        commitListeners.remove(listener);
    }

    private void notifyCommitted() {
        for (Runnable listener : commitListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                log.warn("event=commit-listener-failed file={} error=\"{}\"", file, e.toString());
            }
        }
    }

    private void runInSavepoint(Pending<?> p) throws SQLException {
        tx.execute("SAVEPOINT job");
        try {
            p.runIn(tx);
            tx.endJob();
        } catch (Exception | Error e) {
            // only this job's writes are undone; the group goes on
            tx.endJob();
            tx.execute("ROLLBACK TO job");
            p.failure = e instanceof SQLException s ? SqliteErrors.translate(s, "Writing", file) : e;
        }
        tx.execute("RELEASE job");
    }

    private void rollbackQuietly() {
        try {
            tx.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. after an I/O error); nothing is left open then
            log.debug("event=rollback-skipped file={} error={}", file, e.getMessage());
        }
    }

    private static void failAll(List<Pending<?>> group, ContextBusException failure) {
        for (Pending<?> p : group) {
            p.future.completeExceptionally(failure);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
