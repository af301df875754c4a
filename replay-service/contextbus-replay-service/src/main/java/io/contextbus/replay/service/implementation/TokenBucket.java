package io.contextbus.replay.service.implementation;

/**
 * Paces sends: at most {@code perSecond} permits a second on average, bursts up to
 * {@code capacity}. Shared by every replay, so that replays together never take more of the topics'
 * throughput than configured and live traffic keeps flowing. A rate of 0 means unlimited.
 */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(long perSecond, long capacity) {
        this.perNano = perSecond / 1e9;
        this.capacity = Math.max(1, capacity);
        this.tokens = this.capacity;
        this.last = System.nanoTime();
    }

    /** Blocks until {@code permits} may go; a request above the capacity runs into debt and waits it off. */
    void acquire(int permits) throws InterruptedException {
        if (perNano == 0) {
            return;
        }
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            tokens -= permits;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens / perNano);
        }
        if (waitNanos > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
    }
}
