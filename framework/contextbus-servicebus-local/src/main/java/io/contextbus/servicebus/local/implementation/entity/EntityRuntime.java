package io.contextbus.servicebus.local.implementation.entity;

/**
 * What entities need from their host: the time, and a timer. Entities are confined to the broker's
 * event-loop thread; timers fire on that thread too.
 */
public interface EntityRuntime {

    /** Milliseconds since the epoch. */
    long now();

    /** Runs {@code task} on the event loop at or after {@code atMillis}. */
    void scheduleAt(long atMillis, Runnable task);
}
