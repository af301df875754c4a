package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MovableClockTest {
    @Test
    void advancingMovesTheClockAheadOfTheSystemClock() {
        MovableClock clock = new MovableClock();
        clock.advance(Duration.ofHours(1));
        Instant moved = clock.instant();
        assertTrue(moved.isAfter(Instant.now().plus(Duration.ofMinutes(59))), "clock at " + moved);
    }

    @Test
    void refusesANullDuration() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MovableClock().advance(null));
        assertTrue(e.getMessage().contains("'by'"), e.getMessage());
    }
}
