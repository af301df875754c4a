package io.contextbus.servicebus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransientRetryTest {
    private static final int SAMPLES = 2_000;

    @Test
    void delays_grow_exponentially_within_the_jitter_bounds() {
        TransientRetry retry = new TransientRetry(6, Duration.ofMillis(100), 2.0, Duration.ofSeconds(10));
        for (int n = 1; n < 6; n++) {
            double base = 100 * Math.pow(2, n - 1);
            long lowest = Long.MAX_VALUE;
            long highest = 0;
            for (int i = 0; i < SAMPLES; i++) {
                long d = retry.delayBefore(n).toMillis();
                lowest = Math.min(lowest, d);
                highest = Math.max(highest, d);
            }
            assertTrue(lowest >= (long) Math.floor(base * (1 - TransientRetry.JITTER)), "retry " + n + " lowest " + lowest);
            assertTrue(highest <= (long) Math.ceil(base * (1 + TransientRetry.JITTER)), "retry " + n + " highest " + highest);
            // the jitter spreads the delays: not one fixed value
            assertTrue(highest - lowest >= base * 0.5, "retry " + n + " spread " + lowest + ".." + highest);
        }
        assertTrue(minimum(retry, 5) > maximum(retry, 2), "the fifth delay is always longer than the second");
    }

    @Test
    void the_cap_holds_whatever_the_jitter() {
        TransientRetry retry = new TransientRetry(20, Duration.ofMillis(100), 3.0, Duration.ofMillis(700));
        Set<Long> atTheEnd = new HashSet<>();
        for (int n = 1; n < 20; n++) {
            for (int i = 0; i < SAMPLES / 10; i++) {
                long d = retry.delayBefore(n).toMillis();
                assertTrue(d <= 700, "retry " + n + " waited " + d);
                if (n == 19) {
                    atTheEnd.add(d);
                }
            }
        }
        assertTrue(atTheEnd.stream().allMatch(d -> d >= 350), "the jitter still applies at the cap: " + atTheEnd);
    }

    @Test
    void the_worst_case_wait_sums_every_delay_at_its_upper_bound_under_the_cap() {
        // 150 + 300 + 600 + 1200 + 2000
        assertEquals(Duration.ofMillis(4_250), TransientRetry.DEFAULT.worstCaseWait());
        assertEquals(Duration.ZERO, TransientRetry.DEFAULT.withAttempts(1).worstCaseWait());
    }

    @Test
    void consumer_options_refuse_retries_that_outlast_half_the_lock_renewal() {
        ValidationException e = assertThrows(ValidationException.class,
                () -> ConsumerOptions.DEFAULT.withMaxLockRenewal(Duration.ofSeconds(8)));
        assertEquals("transientRetry", e.field());
        assertTrue(e.getMessage().contains("maxLockRenewal"), e.getMessage());
        ConsumerOptions.DEFAULT.withMaxLockRenewal(Duration.ofSeconds(9));
        ConsumerOptions.DEFAULT.withTransientRetry(TransientRetry.DEFAULT.withAttempts(1)).withMaxLockRenewal(Duration.ZERO);
        assertEquals(TransientRetry.DEFAULT, new ConsumerOptions(32, 20, Duration.ofSeconds(5), Duration.ofMinutes(5))
                .transientRetry());
    }

    @Test
    void bad_settings_are_named() {
        assertEquals("attempts", assertThrows(ValidationException.class,
                () -> TransientRetry.DEFAULT.withAttempts(0)).field());
        assertEquals("initialDelay", assertThrows(ValidationException.class,
                () -> TransientRetry.DEFAULT.withInitialDelay(Duration.ZERO)).field());
        assertEquals("multiplier", assertThrows(ValidationException.class,
                () -> TransientRetry.DEFAULT.withMultiplier(0.5)).field());
        assertEquals("maxDelay", assertThrows(ValidationException.class,
                () -> TransientRetry.DEFAULT.withMaxDelay(Duration.ofMillis(10))).field());
        assertEquals("retry", assertThrows(ValidationException.class, () -> TransientRetry.DEFAULT.delayBefore(6)).field());
        assertEquals("transientRetry", assertThrows(ValidationException.class,
                () -> ConsumerOptions.DEFAULT.withTransientRetry(null)).field());
    }

    private static long minimum(TransientRetry retry, int n) {
        long m = Long.MAX_VALUE;
        for (int i = 0; i < SAMPLES; i++) {
            m = Math.min(m, retry.delayBefore(n).toMillis());
        }
        return m;
    }

    private static long maximum(TransientRetry retry, int n) {
        long m = 0;
        for (int i = 0; i < SAMPLES; i++) {
            m = Math.max(m, retry.delayBefore(n).toMillis());
        }
        return m;
    }
}
