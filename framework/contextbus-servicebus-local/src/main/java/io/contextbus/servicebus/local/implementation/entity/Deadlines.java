package io.contextbus.servicebus.local.implementation.entity;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Deadlines (lock expiries, message expiries, scheduled enqueues) checked by one timer at the earliest
 * one instead of a timer per message. Stale entries (a lock renewed or settled since) are skipped by
 * the handler, which rechecks the item's state.
 */
final class Deadlines<T> {

    private record Entry<T>(long at, T item) {
    }

    private final PriorityQueue<Entry<T>> entries = new PriorityQueue<>(Comparator.comparingLong(Entry::at));
    private final EntityRuntime runtime;
    private final Consumer<T> onDue;
    private long armedAt = Long.MAX_VALUE;

    Deadlines(EntityRuntime runtime, Consumer<T> onDue) {
        this.runtime = runtime;
        this.onDue = onDue;
    }

    void add(long at, T item) {
        entries.add(new Entry<>(at, item));
        arm(at);
    }

    private void arm(long at) {
        if (at < armedAt) {
            armedAt = at;
            runtime.scheduleAt(at, this::fire);
        }
    }

    private void fire() {
        armedAt = Long.MAX_VALUE;
        long now = runtime.now();
        while (!entries.isEmpty() && entries.peek().at() <= now) {
            onDue.accept(entries.poll().item());
        }
        if (!entries.isEmpty()) {
            arm(entries.peek().at());
        }
    }
}
