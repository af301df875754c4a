package io.contextbus.replay.service.implementation;

import java.util.concurrent.atomic.AtomicLong;

/** The send rate of a replay while this process runs it: commits acknowledged per second since it started here. */
final class LiveRate {
    private final long startNanos = System.nanoTime();
    private final AtomicLong sent = new AtomicLong();

    void add(long commits) {
        sent.addAndGet(commits);
    }

    double perSecond() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds <= 0 ? 0 : sent.get() / seconds;
    }
}
