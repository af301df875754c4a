package io.contextbus.replay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.health.ComponentHealth;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatchUpStatusTest {

    private static CatchUpStatus status(CatchUpStatus.State state) {
        return new CatchUpStatus(state, Optional.of("r1"), 10, 4, 1, 3,
                state == CatchUpStatus.State.FAILED ? Optional.of("replay r1 ended FAILED") : Optional.empty());
    }

    @Test
    void not_ready_while_catching_up_naming_the_progress() {
        ComponentHealth h = status(CatchUpStatus.State.CATCHING_UP).readiness();
        assertFalse(h.isUp());
        assertEquals("catchUp", h.name());
        assertTrue(h.detail().contains("sent 4/10"), h.detail());
        assertEquals(1L, h.details().get("streamsApplied"));
    }

    @Test
    void not_ready_after_a_failed_catch_up() {
        ComponentHealth h = status(CatchUpStatus.State.FAILED).readiness();
        assertFalse(h.isUp());
        assertTrue(h.detail().contains("ended FAILED"), h.detail());
    }

    @Test
    void ready_when_caught_up_or_without_a_catch_up() {
        assertTrue(status(CatchUpStatus.State.CAUGHT_UP).readiness().isUp());
        assertTrue(status(CatchUpStatus.State.NOT_STARTED).readiness().isUp());
    }
}
