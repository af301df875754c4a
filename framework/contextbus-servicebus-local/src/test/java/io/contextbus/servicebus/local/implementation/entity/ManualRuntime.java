package io.contextbus.servicebus.local.implementation.entity;

import java.util.Comparator;
import java.util.PriorityQueue;

/** A runtime whose time moves only when the test says so; due timers run on {@link #advance}. */
final class ManualRuntime implements EntityRuntime {

    private record Timer(long at, long order, Runnable task) {
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::at).thenComparingLong(Timer::order));
    private long now = 1_000_000;
    private long order;

    @Override
    public long now() {
        return now;
    }

    @Override
    public void scheduleAt(long atMillis, Runnable task) {
        timers.add(new Timer(atMillis, order++, task));
    }

    void advance(long millis) {
        now += millis;
        while (!timers.isEmpty() && timers.peek().at() <= now) {
            timers.poll().task().run();
        }
    }
}
