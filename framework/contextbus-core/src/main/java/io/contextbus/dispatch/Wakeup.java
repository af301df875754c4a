package io.contextbus.dispatch;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The dispatcher's waits. An append signal ends an idle wait at once (and is remembered if it
 * arrives while the dispatcher is busy, so that no append is slept through); closing ends every
 * wait at once.
 */
final class Wakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean signalled;
    private boolean closed;

    void signal() {
        lock.lock();
        try {
            signalled = true;
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

    /** Waits until an append was signalled (since the last call), close, or {@code max} elapsed. */
    void awaitAppend(Duration max) {
        await(max, true);
    }

    /** Waits until close or {@code max} elapsed; append signals do not end it. */
    void sleep(Duration max) {
        await(max, false);
    }

    private void await(Duration max, boolean endOnSignal) {
        lock.lock();
        try {
            long nanos = max.toNanos();
            while (!closed && !(endOnSignal && signalled) && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            if (endOnSignal) {
                signalled = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
