package io.contextbus.dispatch;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The dispatcher's waits. An append signal ends an idle wait at once (and is remembered if it
 * arrives while the dispatcher is busy, so that no append is slept through); closing ends every
 * wait at once. Signals are counted, so that a lingering dispatcher can wait for "enough appends
 * to fill the page" without reading the store on every one.
 */
final class Wakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long appends;
    private long appendsSeenByIdleWait;
    private boolean closed;

    void signal() {
        lock.lock();
        try {
            appends++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The number of appends signalled so far; a mark for {@link #awaitAppends}. */
    long appends() {
        lock.lock();
        try {
            return appends;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until an append was signalled (since the last call), close, or {@code max} elapsed. */
    void awaitAppend(Duration max) {
        await(max.toNanos(), () -> appends != appendsSeenByIdleWait, () -> appendsSeenByIdleWait = appends);
    }

    /**
     * Waits until at least {@code count} appends were signalled after {@code mark} (a value of
     * {@link #appends()}), close, or {@code maxNanos} elapsed; true when the appends came.
     */
    boolean awaitAppends(long mark, long count, long maxNanos) {
        return await(maxNanos, () -> appends - mark >= count, () -> { });
    }

    /** Waits until close or {@code max} elapsed; append signals do not end it. */
    void sleep(Duration max) {
        await(max.toNanos(), () -> false, () -> { });
    }

    /** Waits until {@code done}, close or timeout; runs {@code after} still holding the lock. */
    private boolean await(long maxNanos, BooleanSupplier done, Runnable after) {
        lock.lock();
        try {
            long nanos = maxNanos;
            while (!closed && !done.getAsBoolean() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return done.getAsBoolean();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            after.run();
            lock.unlock();
        }
    }
}
