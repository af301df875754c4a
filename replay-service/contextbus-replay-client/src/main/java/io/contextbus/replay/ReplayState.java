package io.contextbus.replay;

/**
 * Where a replay is in its life. {@link #QUEUED} → {@link #PLANNING} (counting what to send) →
 * {@link #RUNNING} → one of the terminal states. A service restarted mid-replay resumes a running
 * replay, or, when told not to, marks it {@link #INTERRUPTED} with the exact counts sent so far.
 */
public enum ReplayState {
    QUEUED, PLANNING, RUNNING, COMPLETED, CANCELLED, FAILED, INTERRUPTED;

    /** True when the replay will send nothing more. */
    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED || this == FAILED || this == INTERRUPTED;
    }
}
