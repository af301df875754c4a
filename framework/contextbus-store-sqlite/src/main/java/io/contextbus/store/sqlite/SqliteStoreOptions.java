package io.contextbus.store.sqlite;

import io.contextbus.codec.CommitLimits;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How a SQLite store is opened. The store of context {@code c} is the file
 * {@code <directory>/<c>.db} (one database file per context). Validated at construction.
 *
 * @param directory    where the context's database file lives (created if missing)
 * @param limits       checked on every attempt before writing (the topic's max message size)
 * @param synchronous  how a commit waits for the disk; {@link SqliteSynchronous#FULL} by default
 * @param busyTimeout  how long a write waits for another process holding the database's write lock
 * @param maxGroupSize the most attempts (and other writes) the writer commits in one transaction
 * @param clock        the time source of dispatcher leases
 * @param maxGroupTime how long one group transaction may run inbox applies (handlers) before it
 *                     commits what ran and leaves the rest to the next one; an append or other
 *                     write of the store's own that arrives meanwhile ends the group after the
 *                     handler running now, and runs first in the next
 */
public record SqliteStoreOptions(
        Path directory,
        CommitLimits limits,
        SqliteSynchronous synchronous,
        Duration busyTimeout,
        int maxGroupSize,
        Clock clock,
        Duration maxGroupTime) {

    /** The default {@link #maxGroupTime}: 200 ms. */
    public static final Duration DEFAULT_MAX_GROUP_TIME = Duration.ofMillis(200);

    /**
     * {@code ./contextbus-data}, Standard-tier limits, synchronous FULL, 10 s busy timeout, groups of
     * 512 writes and at most 200 ms of handlers.
     */
    public static final SqliteStoreOptions DEFAULT = new SqliteStoreOptions(Path.of("contextbus-data"),
            CommitLimits.STANDARD, SqliteSynchronous.FULL, Duration.ofSeconds(10), 512, Clock.systemUTC(),
            DEFAULT_MAX_GROUP_TIME);

    /** With the default {@link #maxGroupTime} (200 ms). */
    public SqliteStoreOptions(Path directory, CommitLimits limits, SqliteSynchronous synchronous, Duration busyTimeout,
                              int maxGroupSize, Clock clock) {
        this(directory, limits, synchronous, busyTimeout, maxGroupSize, clock, DEFAULT_MAX_GROUP_TIME);
    }

    public SqliteStoreOptions {
        ValidationException.requireNonNull(directory, "directory");
        ValidationException.requireNonNull(limits, "limits");
        ValidationException.requireNonNull(synchronous, "synchronous");
        ValidationException.requireNonNull(busyTimeout, "busyTimeout");
        ValidationException.require(!busyTimeout.isNegative() && busyTimeout.toMillis() <= Integer.MAX_VALUE,
                "busyTimeout", "must be between 0 and " + Integer.MAX_VALUE + " ms but was " + busyTimeout + ".");
        ValidationException.require(maxGroupSize >= 1, "maxGroupSize", "must be at least 1 but was " + maxGroupSize + ".");
        ValidationException.requireNonNull(clock, "clock");
        ValidationException.requireNonNull(maxGroupTime, "maxGroupTime");
        ValidationException.require(!maxGroupTime.isNegative() && !maxGroupTime.isZero(), "maxGroupTime",
                "must be positive but was " + maxGroupTime + ".");
    }

    public SqliteStoreOptions withDirectory(Path directory) {
        return new SqliteStoreOptions(directory, limits, synchronous, busyTimeout, maxGroupSize, clock, maxGroupTime);
    }

    public SqliteStoreOptions withLimits(CommitLimits limits) {
        return new SqliteStoreOptions(directory, limits, synchronous, busyTimeout, maxGroupSize, clock, maxGroupTime);
    }

    public SqliteStoreOptions withSynchronous(SqliteSynchronous synchronous) {
        return new SqliteStoreOptions(directory, limits, synchronous, busyTimeout, maxGroupSize, clock, maxGroupTime);
    }

    public SqliteStoreOptions withBusyTimeout(Duration busyTimeout) {
        return new SqliteStoreOptions(directory, limits, synchronous, busyTimeout, maxGroupSize, clock, maxGroupTime);
    }

    public SqliteStoreOptions withMaxGroupSize(int maxGroupSize) {
        return new SqliteStoreOptions(directory, limits, synchronous, busyTimeout, maxGroupSize, clock, maxGroupTime);
    }

    public SqliteStoreOptions withClock(Clock clock) {
        return new SqliteStoreOptions(directory, limits, synchronous, busyTimeout, maxGroupSize, clock, maxGroupTime);
    }

    public SqliteStoreOptions withMaxGroupTime(Duration maxGroupTime) {
        return new SqliteStoreOptions(directory, limits, synchronous, busyTimeout, maxGroupSize, clock, maxGroupTime);
    }

    /** The database file of {@code context}: {@code <directory>/<context>.db}. */
    public Path fileFor(ContextName context) {
        ValidationException.requireNonNull(context, "context");
        return directory.resolve(context.value() + ".db");
    }
}
