package io.contextbus.aggregate;

import io.contextbus.model.Commit;

/**
 * How an aggregate's state is built from its stream: the state of an empty stream, and the state
 * after one more commit. A pure function of its arguments (no I/O, no clock), so that folding from
 * a snapshot and folding from commit 1 give the same state.
 *
 * @param <S> the state; a value that is never changed once built (snapshots are written from it
 *            on another thread)
 */
public interface StateFold<S> {

    /** The state of a stream with no commits. */
    S initialState();

    /** The state after {@code commit}, starting from {@code state}. */
    S apply(S state, Commit commit);
}
