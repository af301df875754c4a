package io.contextbus.servicebus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConsumerOptionsTest {

    @Test
    void sessionBucketsGetTwoSlotsEach() {
        ConsumerOptions options = ConsumerOptions.DEFAULT.withSessionBuckets(16);
        assertEquals(32, options.maxConcurrentSessions());
        assertEquals(ConsumerOptions.DEFAULT.prefetchCount(), options.prefetchCount());
        assertEquals(1000, ConsumerOptions.DEFAULT.withSessionBuckets(500).maxConcurrentSessions());
    }

    @Test
    void refusesBucketCountsItCannotServe() {
        for (int buckets : new int[] {0, -1, 501}) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> ConsumerOptions.DEFAULT.withSessionBuckets(buckets));
            assertEquals("buckets", e.field());
        }
    }

    @Test
    void settleTimeoutDefaultsToHalfAMinuteAndIsKeptByTheOtherWithers() {
        assertEquals(Duration.ofSeconds(30), ConsumerOptions.DEFAULT.settleTimeout());
        ConsumerOptions options = ConsumerOptions.DEFAULT.withSettleTimeout(Duration.ofSeconds(5)).withPrefetchCount(0)
                .withMaxConcurrentSessions(4).withSessionIdleTimeout(Duration.ofSeconds(9))
                .withMaxLockRenewal(Duration.ofMinutes(1)).withTransientRetry(TransientRetry.DEFAULT);
        assertEquals(Duration.ofSeconds(5), options.settleTimeout());
    }

    @Test
    void refusesASettleTimeoutThatIsMissingOrTooShort() {
        ValidationException missing = assertThrows(ValidationException.class,
                () -> ConsumerOptions.DEFAULT.withSettleTimeout(null));
        assertEquals("'settleTimeout' cannot be null.", missing.getMessage());
        for (Duration tooShort : new Duration[] {Duration.ZERO, Duration.ofMillis(99), Duration.ofSeconds(-1)}) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> ConsumerOptions.DEFAULT.withSettleTimeout(tooShort));
            assertEquals("settleTimeout", e.field());
        }
    }
}
