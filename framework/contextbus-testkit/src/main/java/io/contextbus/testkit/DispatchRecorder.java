package io.contextbus.testkit;

import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.error.PublishException;
import io.contextbus.model.Commit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bus of the dispatcher suite: records every acknowledged publish with the owner of the
 * dispatcher that made it, notices when two owners are inside a publish at the same time, and can
 * be made to fail (alternating transient and non-transient failures) until healed.
 */
final class DispatchRecorder {
    /** One acknowledged publish call. */
    record Publish(String owner, List<Commit> commits) {
    }

    private final List<Publish> publishes = new ArrayList<>();
    private final Set<String> inside = new HashSet<>();
    private final Map<String, Integer> calls = new HashMap<>();
    private final List<String> overlaps = new ArrayList<>();
    private final AtomicInteger failedCalls = new AtomicInteger();
    private volatile boolean down;

    /** A publisher for the dispatcher that leases as {@code owner}. */
    CommitPublisher publisherFor(String owner) {
        return (source, commits) -> {
            enter(owner);
            try {
                if (down) {
                    int n = failedCalls.incrementAndGet();
                    throw new PublishException("test bus is down (call " + n + ")", n % 3 != 0, null);
                }
                synchronized (this) {
                    publishes.add(new Publish(owner, List.copyOf(commits)));
                }
            } finally {
                exit(owner);
            }
        };
    }

    void goDown() {
        down = true;
    }

    void comeBack() {
        down = false;
    }

    int failedCalls() {
        return failedCalls.get();
    }

    synchronized List<Publish> publishes() {
        return List.copyOf(publishes);
    }

    /** Every published commit, in publish order (re-sends included). */
    synchronized List<Commit> published() {
        return publishes.stream().flatMap(p -> p.commits().stream()).toList();
    }

    synchronized List<Commit> publishedBy(String owner) {
        return publishes.stream().filter(p -> p.owner().equals(owner)).flatMap(p -> p.commits().stream()).toList();
    }

    /** Descriptions of the moments two owners were publishing at once; empty when never. */
    synchronized List<String> overlaps() {
        return List.copyOf(overlaps);
    }

    /** How many publish calls {@code owner}'s dispatcher started (failed and unfinished ones included). */
    synchronized int callsBy(String owner) {
        return calls.getOrDefault(owner, 0);
    }

    private synchronized void enter(String owner) {
        calls.merge(owner, 1, Integer::sum);
        if (!inside.isEmpty() && !inside.contains(owner)) {
            overlaps.add(owner + " published while " + inside + " was publishing");
        }
        inside.add(owner);
    }

    private synchronized void exit(String owner) {
        inside.remove(owner);
    }
}
