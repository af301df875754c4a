package io.contextbus.samples.runtime;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A context's read model as its service sees it, whichever storage keeps it: kept by an
 * {@link OwnEventsProjection} in SQLite tables (exactly once, with its position), or by an
 * {@link OwnEventsFollower} in memory (rebuilt from the own events at start, on Cosmos DB).
 *
 * @param <V> what reading it gives
 */
public final class ReadModel<V> implements AutoCloseable {
    private final Runnable start;
    private final LongSupplier projected;
    private final Supplier<V> read;
    private final AutoCloseable close;

    private ReadModel(Runnable start, LongSupplier projected, Supplier<V> read, AutoCloseable close) {
        this.start = start;
        this.projected = projected;
        this.read = read;
        this.close = close;
    }

    /** Kept in SQLite tables by {@code projection}; {@code read} queries them. */
    public static <V> ReadModel<V> of(OwnEventsProjection projection, Supplier<V> read) {
        return new ReadModel<>(projection::start, projection::projected, read, projection);
    }

    /** Kept in memory by {@code follower}; {@code read} copies it. */
    public static <V> ReadModel<V> of(OwnEventsFollower follower, Supplier<V> read) {
        return new ReadModel<>(follower::start, follower::followed, read, follower);
    }

    public void start() {
        start.run();
    }

    /** Own commits projected since start. */
    public long projected() {
        return projected.getAsLong();
    }

    public V read() {
        return read.get();
    }

    @Override
    public void close() throws Exception {
        close.close();
    }
}
