package io.contextbus.store;

import io.contextbus.model.Commit;
import io.contextbus.model.StreamId;
import java.util.List;

/**
 * Reads one stream's commits in commitSequence order.
 */
public interface ReadStream {
    /**
     * The stream's commits with {@code fromSequence <= commitSequence <= toSequence}, in order.
     * An unknown stream reads as empty.
     */
    List<Commit> readStream(StreamId streamId, long fromSequence, long toSequence);

    /** The stream's commits from {@code fromSequence} on, in order. */
    default List<Commit> readStream(StreamId streamId, long fromSequence) {
        return readStream(streamId, fromSequence, Long.MAX_VALUE);
    }

    /** The stream's last commitSequence, 0 for an unknown stream. */
    long lastCommitSequence(StreamId streamId);
}
