package io.contextbus.samples.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One daemon thread that runs a step over and over: at once again after a step that did work; after
 * a {@link #wake()} or the idle interval after one that found nothing; after a pause when a step
 * failed (the step must be safe to run again). {@link #close()} ends any wait at once and joins the
 * thread without interrupting it, so a step is never cut short inside a store call. The samples'
 * followers, projections and the Cosmos DB work queue run on it.
 */
final class BackgroundLoop implements AutoCloseable {
    /** What a step did, which decides how long the loop waits before the next one. */
    enum Step {
        /** Did work: run again at once. */
        WORKED,
        /** Found nothing: wait for a wake-up, at most the idle interval. */
        IDLE,
        /** Could not finish (it said why): wait the retry pause, or until closed. */
        RETRY
    }

    @FunctionalInterface
    interface Body {
        Step run() throws Exception;
    }

    static final Duration RETRY_PAUSE = Duration.ofMillis(500);

    private final Body body;
    private final Duration idle;
    private final Consumer<Exception> onFailure;
    private final Semaphore wake = new Semaphore(0);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    private final Thread thread;

    /** {@code onFailure} logs a step's exception (once, where it starts); the loop then pauses and retries. */
    BackgroundLoop(String threadName, Duration idle, Body body, Consumer<Exception> onFailure) {
        this.body = body;
        this.idle = idle;
        this.onFailure = onFailure;
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
    }

    void start() {
        if (started.compareAndSet(false, true)) {
            thread.start();
        }
    }

    /** Ends an idle wait early (new work may be there). */
    void wake() {
        wake.release();
    }

    boolean running() {
        return closed.getCount() > 0;
    }

    private void loop() {
        while (running()) {
            try {
                switch (body.run()) {
                    case WORKED -> { }
                    case IDLE -> {
                        wake.tryAcquire(idle.toMillis(), TimeUnit.MILLISECONDS);
                        wake.drainPermits();
                    }
                    case RETRY -> closed.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                onFailure.accept(e);
                try {
                    closed.await(RETRY_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed.countDown();
        wake.release();
        if (started.get()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
