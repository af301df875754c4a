package io.contextbus.aggregate;

/**
 * Writes an aggregate's state as JSON for a snapshot and reads it back. {@link #schemaVersion()}
 * names the state's shape: change it whenever that shape changes, and every snapshot written with
 * another version is ignored (the stream is folded from commit 1 again, and later snapshots are
 * written with the new version). No upcasting of snapshots: they are a cache, the commits are the
 * record.
 *
 * @param <S> the state
 */
public interface SnapshotCodec<S> {

    /** The version of the state's JSON shape, at least 1. */
    int schemaVersion();

    /** The state as JSON. */
    String write(S state);

    /** The state written by {@link #write} with {@link #schemaVersion()}. */
    S read(String json);
}
