package io.contextbus.servicebus.implementation;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds a blocking settlement: the SDK's {@code complete()}, {@code abandon()} and
 * {@code deadLetter()} wait for the broker's answer with {@code Mono.block()} and no timeout. One
 * requested on a receiver whose connection died can wait forever: the SDK registers the
 * settlement for its own timeout and close handling only once the connection's reactor thread
 * runs it, and a dead connection's reactor never does. Past the bound a watchdog thread interrupts
 * the wait (a blocked {@code Mono.block()} gives up when interrupted), so the settler thread is
 * free again and the settlement counts as not done.
 */
final class SettleTimer implements AutoCloseable {
    /** How a settlement ended. */
    enum Result { DONE, TIMED_OUT }

    private final Duration timeout;
    private final ScheduledThreadPoolExecutor watchdog;

    SettleTimer(String name, Duration timeout) {
        this.timeout = timeout;
        this.watchdog = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        // one alarm per settlement, nearly all cancelled: drop them at once rather than keep them
        // queued for the whole timeout
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs {@code settlement} on the calling thread: {@link Result#DONE} when it returned within the
     * bound, {@link Result#TIMED_OUT} when it had not (its wait interrupted, or it returned or failed
     * only after the bound); its own failure within the bound is thrown. The calling thread's
     * interrupt status is as before the call, unless something else interrupted it.
     */
    Result run(Runnable settlement) {
        Guard guard = new Guard(Thread.currentThread());
        ScheduledFuture<?> alarm = watchdog.schedule(guard::expire, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            settlement.run();
        } catch (RuntimeException e) {
            if (guard.finish()) {
                throw e;
            }
            return Result.TIMED_OUT;
        } finally {
            alarm.cancel(false);
        }
        return guard.finish() ? Result.DONE : Result.TIMED_OUT;
    }

    Duration timeout() {
        return timeout;
    }

    /** Alarms scheduled and neither fired nor cancelled: at most one per settlement running. */
    int alarmsPending() {
        return watchdog.getQueue().size();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /**
     * One settlement racing its deadline. The watchdog interrupts the settler only while the
     * settlement still runs, under the lock the settler takes when it returns, so an interrupt never
     * lands after that; a settler that lost the race clears it. {@code finish} is idempotent.
     */
    private static final class Guard {
        private final Thread settler;
        private boolean finished;
        private boolean expired;

        Guard(Thread settler) {
            this.settler = settler;
        }

        synchronized void expire() {
            if (!finished) {
                expired = true;
                settler.interrupt();
            }
        }

        /** True when the settlement returned within the bound; false when it expired (its interrupt cleared). */
        synchronized boolean finish() {
            if (!finished) {
                finished = true;
                if (expired) {
                    Thread.interrupted();
                }
            }
            return !expired;
        }
    }
}
