package io.contextbus.replay.client;

import java.util.Optional;

/**
 * What a context's catch-up is doing, for it to print or serve (e.g. on a health endpoint): not
 * started, catching up (with the replay's counts and how many of its streams are applied), caught
 * up, or failed (with why).
 */
public record CatchUpStatus(State state, Optional<String> replayId, long planned, long sent, long streamsApplied,
                            long streams, Optional<String> problem) {

    /** The phases of a catch-up. */
    public enum State { NOT_STARTED, CATCHING_UP, CAUGHT_UP, FAILED }

    public boolean isCatchingUp() {
        return state == State.CATCHING_UP;
    }

    @Override
    public String toString() {
        return switch (state) {
            case NOT_STARTED -> "catch-up not started";
            case CAUGHT_UP -> "caught up" + replayId.map(id -> " (replay " + id + ")").orElse("");
            case FAILED -> "catch-up failed: " + problem.orElse("?");
            case CATCHING_UP -> "catching up: replay " + replayId.orElse("?") + " sent " + sent + "/" + planned
                    + ", streams applied " + streamsApplied + "/" + streams;
        };
    }
}
