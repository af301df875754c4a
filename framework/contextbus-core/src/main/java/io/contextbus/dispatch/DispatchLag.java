package io.contextbus.dispatch;

import io.contextbus.error.ValidationException;
import java.time.Duration;

/**
 * How far a {@link StoreDispatcher} is behind its store: the commits it has read and not yet
 * published and checkpointed, and the age of the oldest of them (now minus its commit stamp). Zero
 * and {@link Duration#ZERO} when its last read found nothing new. The age is the figure to alert on:
 * it keeps rising while the bus is away, whatever the traffic. The count is what the dispatcher
 * holds in hand (at most a page and what lingered into it), not a scan of the store.
 *
 * @param commits commits read and not yet published, 0 when caught up
 * @param age     how long the oldest of them has waited since it was appended; never negative
 */
public record DispatchLag(long commits, Duration age) {
    public static final DispatchLag NONE = new DispatchLag(0, Duration.ZERO);

    public DispatchLag {
        ValidationException.require(commits >= 0, "commits", "cannot be negative but was " + commits + ".");
        ValidationException.requireNonNull(age, "age");
        ValidationException.require(!age.isNegative(), "age", "cannot be negative but was " + age + ".");
    }
}
