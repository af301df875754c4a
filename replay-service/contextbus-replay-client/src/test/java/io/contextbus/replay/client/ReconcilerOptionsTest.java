package io.contextbus.replay.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconcilerOptionsTest {

    @Test
    void with_methods_change_one_field() {
        ReconcilerOptions o = ReconcilerOptions.DEFAULT.withInterval(Duration.ofSeconds(1)).withGrace(Duration.ZERO)
                .withPageCommits(10).withMaxPagesPerRun(2).withMaxRequestsPerRun(3).withRequestsPerSecond(100)
                .withRetryAfter(Duration.ofSeconds(5));

        assertEquals(new ReconcilerOptions(Duration.ofSeconds(1), Duration.ZERO, 10, 2, 3, 100, Duration.ofSeconds(5)), o);
    }

    @Test
    void bad_values_are_refused_naming_the_field() {
        assertEquals("interval", assertThrows(ValidationException.class,
                () -> ReconcilerOptions.DEFAULT.withInterval(Duration.ZERO)).field());
        assertEquals("grace", assertThrows(ValidationException.class,
                () -> ReconcilerOptions.DEFAULT.withGrace(Duration.ofSeconds(-1))).field());
        assertEquals("pageCommits", assertThrows(ValidationException.class,
                () -> ReconcilerOptions.DEFAULT.withPageCommits(10_001)).field());
        assertEquals("maxPagesPerRun", assertThrows(ValidationException.class,
                () -> ReconcilerOptions.DEFAULT.withMaxPagesPerRun(0)).field());
        assertEquals("maxRequestsPerRun", assertThrows(ValidationException.class,
                () -> ReconcilerOptions.DEFAULT.withMaxRequestsPerRun(0)).field());
        assertEquals("requestsPerSecond", assertThrows(ValidationException.class,
                () -> ReconcilerOptions.DEFAULT.withRequestsPerSecond(0)).field());
        assertEquals("retryAfter", assertThrows(ValidationException.class,
                () -> ReconcilerOptions.DEFAULT.withRetryAfter(null)).field());
    }
}
