package io.contextbus.servicebus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The bound on a settlement: the SDK settles with {@code Mono.block()} and no timeout, and one that
 * never gets an answer must not hold its settler thread forever.
 */
@DisplayName("SettleTimer: a settlement that never returns is cut off at the bound")
class SettleTimerTest {
    private final SettleTimer timer = new SettleTimer("settle-timer-test", Duration.ofMillis(200));

    @AfterEach
    void close() {
        timer.close();
    }

    @Test
    void a_settlement_blocked_forever_on_a_mono_is_interrupted_and_counts_as_timed_out() {
        // given: what a settlement on a dead connection's receiver does: block on a Mono that never completes
        SettleTimer.Result result = timer.run(() -> Mono.never().block());

        assertEquals(SettleTimer.Result.TIMED_OUT, result);
        assertFalse(Thread.currentThread().isInterrupted(), "the settler's interrupt was cleared for its next task");
    }

    @Test
    void a_settlement_blocked_on_a_latch_is_interrupted_too() {
        CountDownLatch never = new CountDownLatch(1);

        SettleTimer.Result result = timer.run(() -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        });

        assertEquals(SettleTimer.Result.TIMED_OUT, result);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void a_settlement_answered_in_time_is_done_and_the_thread_is_never_interrupted_afterwards() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 50; i++) {
            assertEquals(SettleTimer.Result.DONE, timer.run(() -> Mono.just(1).map(ran::addAndGet).block()));
        }
        assertEquals(50, ran.get());
        // past the bound of the last one: no late interrupt lands on the thread
        CountDownLatch pause = new CountDownLatch(1);
        assertFalse(pause.await(400, TimeUnit.MILLISECONDS));
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void settlements_answered_in_time_leave_no_alarm_behind() {
        for (int i = 0; i < 1_000; i++) {
            assertEquals(SettleTimer.Result.DONE, timer.run(() -> { }));
        }
        assertEquals(0, timer.alarmsPending(), "cancelled alarms are dropped, not kept for the whole timeout");
    }

    @Test
    void a_settlement_that_fails_in_time_throws_its_own_failure() {
        IllegalStateException lockLost = new IllegalStateException("session lock lost");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> timer.run(() -> {
            throw lockLost;
        }));

        assertSame(lockLost, thrown);
    }

    @Test
    void many_hung_settlements_in_a_row_each_free_the_thread() {
        for (int i = 0; i < 5; i++) {
            assertEquals(SettleTimer.Result.TIMED_OUT, timer.run(() -> Mono.never().block()), "settlement " + i);
        }
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
