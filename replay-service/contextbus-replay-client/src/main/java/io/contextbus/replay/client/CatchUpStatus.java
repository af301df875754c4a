package io.contextbus.replay.client;

import io.contextbus.health.ComponentHealth;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * The component {@code catchUp} of a context's readiness: DOWN while catching up (the context has
     * not applied what its sources hold yet) and when the catch-up failed (it may never have; an
     * operator must look), UP when caught up or when there is no catch-up.
     */
    public ComponentHealth readiness() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state.name());
        replayId.ifPresent(id -> details.put("replayId", id));
        details.put("sent", sent);
        details.put("planned", planned);
        details.put("streamsApplied", streamsApplied);
        details.put("streams", streams);
        return state == State.CATCHING_UP || state == State.FAILED
                ? ComponentHealth.down("catchUp", toString() + ".", details)
                : ComponentHealth.up("catchUp", toString() + ".", details);
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
