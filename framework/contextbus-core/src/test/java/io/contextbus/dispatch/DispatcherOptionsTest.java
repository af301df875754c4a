package io.contextbus.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DispatcherOptionsTest {
    @Test
    void defaultsAreValidAndOwnerIsGeneratedPerDispatcher() {
        DispatcherOptions d = DispatcherOptions.DEFAULT;

        assertTrue(d.owner().isEmpty());
        assertEquals(100, d.pageSize());
        assertEquals(Duration.ofSeconds(1), d.pollInterval());
        assertEquals(Duration.ofMillis(20), d.linger());
    }

    @Test
    void withersChangeOneSetting() {
        DispatcherOptions d = DispatcherOptions.DEFAULT.withPageSize(7).withOwner("a");

        assertEquals(7, d.pageSize());
        assertEquals("a", d.owner().orElseThrow());
        assertEquals(DispatcherOptions.DEFAULT.leaseTtl(), d.leaseTtl());
    }

    @Test
    void badValuesNameTheField() {
        assertField("pageSize", () -> DispatcherOptions.DEFAULT.withPageSize(0));
        assertField("pollInterval", () -> DispatcherOptions.DEFAULT.withPollInterval(Duration.ZERO));
        assertField("leaseTtl", () -> DispatcherOptions.DEFAULT.withLeaseTtl(null));
        assertField("owner", () -> DispatcherOptions.DEFAULT.withOwner(" "));
        assertField("jitter", () -> DispatcherOptions.Backoff.DEFAULT.withJitter(1.0));
        assertField("maxDelay", () -> DispatcherOptions.Backoff.DEFAULT.withMaxDelay(Duration.ofMillis(1)));
        assertField("multiplier", () -> DispatcherOptions.Backoff.DEFAULT.withMultiplier(0.5));
        assertField("attemptsPerCycle", () -> DispatcherOptions.Backoff.DEFAULT.withAttemptsPerCycle(0));
        assertField("failureRatePercent", () -> DispatcherOptions.Breaker.DEFAULT.withFailureRatePercent(0f));
        assertField("openWait", () -> DispatcherOptions.Breaker.DEFAULT.withOpenWait(Duration.ofSeconds(-1)));
    }

    @Test
    void lingerIsBoundedAndStaysWellInsideTheLease() {
        assertField("linger", () -> DispatcherOptions.DEFAULT.withLinger(null));
        assertField("linger", () -> DispatcherOptions.DEFAULT.withLinger(Duration.ofMillis(-1)));
        assertField("linger", () -> DispatcherOptions.DEFAULT.withLinger(DispatcherOptions.MAX_LINGER.plusNanos(1)));
        assertField("linger", () -> DispatcherOptions.DEFAULT.withLinger(Duration.ofMillis(500))
                .withLeaseTtl(Duration.ofMillis(1500)));

        assertEquals(DispatcherOptions.MAX_LINGER, DispatcherOptions.DEFAULT.withLinger(DispatcherOptions.MAX_LINGER).linger());
        assertEquals(Duration.ZERO, DispatcherOptions.DEFAULT.withLinger(Duration.ZERO)
                .withLeaseTtl(Duration.ofMillis(1)).linger(), "zero turns the linger off and needs no lease margin");
    }

    @Test
    void leaseIsCheckedWellBeforeItExpires() {
        DispatcherOptions d = DispatcherOptions.DEFAULT.withPollInterval(Duration.ofHours(1)).withLeaseTtl(Duration.ofSeconds(30));

        assertEquals(Duration.ofSeconds(10), d.leaseCheckInterval());
    }

    @Test
    void retryHorizonIsTheLongestGapBetweenAttempts() {
        DispatcherOptions d = DispatcherOptions.DEFAULT
                .withBreaker(DispatcherOptions.Breaker.DEFAULT.withOpenWait(Duration.ofMinutes(2)));

        assertEquals(Duration.ofMinutes(2), d.retryHorizon());
        assertEquals(Duration.ofSeconds(30), DispatcherOptions.DEFAULT.withBreaker(
                DispatcherOptions.Breaker.DEFAULT.withOpenWait(Duration.ofSeconds(1))).retryHorizon());
    }

    private static void assertField(String field, Runnable action) {
        ValidationException e = assertThrows(ValidationException.class, action::run);
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith("'" + field + "'"), e.getMessage());
    }
}
