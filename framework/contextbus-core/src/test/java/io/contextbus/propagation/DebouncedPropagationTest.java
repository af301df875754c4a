package io.contextbus.propagation;

import static io.contextbus.testing.Conditions.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The propagation on a clock that moves only when the test moves it: the quiet period, the maximum
 * wait and the backoff are decided by that clock alone, so bursts and silences of minutes take no
 * real time. The scheduler re-reads the clock every few milliseconds (its poll interval).
 */
class DebouncedPropagationTest {
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private static final PropagationOptions OPTIONS = PropagationOptions.DEFAULT
            .withQuietPeriod(QUIET).withMaxWait(MAX_WAIT).withPollInterval(Duration.ofMillis(5))
            .withRetry(new PropagationOptions.Backoff(Duration.ofSeconds(1), 2.0, 0.5, Duration.ofSeconds(20)));

    private final ManualClock clock = new ManualClock();
    private final InMemoryDirtyMarks marks = new InMemoryDirtyMarks();
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private PropagationSink<String> sink = (entity, version, state) -> calls.add(entity + "@" + version + "=" + state);
    private DebouncedPropagation<String> propagation;

    @AfterEach
    void close() {
        if (propagation != null) {
            propagation.close();
        }
    }

    private DebouncedPropagation<String> start() {
        propagation = DebouncedPropagation.<String>builder("test", marks, e -> Optional.ofNullable(states.get(e)),
                (e, v, s) -> sink.push(e, v, s)).options(OPTIONS).clock(clock).build().start();
        return propagation;
    }

    /** What a handler does in its transaction: change the state and mark the entity. */
    private void change(String entity, long version) {
        states.put(entity, "s" + version);
        marks.mark(null, entity, version);
    }

    @Test
    @DisplayName("a burst of 20 changes within a second is pushed once, with the last state, after the quiet period")
    void a_burst_is_pushed_once() {
        start();
        for (int i = 1; i <= 20; i++) {
            change("shipment-1", i);
            clock.advance(Duration.ofMillis(50));
        }
        clock.advance(QUIET);

        await(() -> propagation.isIdle(), "the burst pushed");
        assertEquals(List.of("shipment-1@20=s20"), calls);
        assertEquals(List.of(), marks.pending(), "the mark cleared once the sink accepted it");
        assertEquals(new PropagationStats(20, 1, 0, 0), propagation.stats());
    }

    @Test
    @DisplayName("an entity that never goes quiet is still pushed every maximum wait, with its state at that time")
    void the_maximum_wait_holds_under_a_never_ending_stream() {
        start();
        // a change every second for two minutes: never a quiet period of 2 s
        for (int i = 1; i <= 120; i++) {
            change("busy", i);
            clock.advance(Duration.ofSeconds(1));
            if (i % 30 == 0) {
                int pushed = i / 30;
                await(() -> calls.size() == pushed, "push " + pushed + " after " + i + " s");
            }
        }
        assertEquals(List.of("busy@30=s30", "busy@60=s60", "busy@90=s90", "busy@120=s120"), calls);
    }

    @Test
    @DisplayName("many entities share one scheduler; each is pushed once after its own quiet period")
    void many_entities_at_once() {
        start();
        for (int round = 1; round <= 5; round++) {
            for (int e = 0; e < 200; e++) {
                change("e" + e, round);
            }
            clock.advance(Duration.ofMillis(100));
        }
        clock.advance(QUIET);

        await(() -> propagation.isIdle(), "all pushed");
        assertEquals(200, calls.size());
        assertTrue(calls.stream().allMatch(c -> c.endsWith("@5=s5")), calls.toString());
    }

    @Test
    @DisplayName("a failing sink is retried with backoff on the clock; the mark stays until a push is accepted")
    void failures_are_retried_with_backoff() {
        AtomicInteger attempts = new AtomicInteger();
        sink = (e, v, s) -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new IllegalStateException("carrier down");
            }
            calls.add(e + "@" + v + "=" + s);
        };
        start();
        change("a", 1);
        clock.advance(QUIET);
        for (int failed = 1; failed <= 3; failed++) {
            int f = failed;
            await(() -> propagation.stats().failures() == f, "failure " + f);
            assertEquals(List.of(new DirtyMark("a", 1)), marks.pending(), "still dirty after failure " + f);
            assertEquals(f, attempts.get(), "no retry before the clock reached the backoff");
            clock.advance(Duration.ofSeconds(20)); // at least the longest backoff with jitter
        }
        await(() -> propagation.isIdle(), "accepted at the fourth attempt");
        assertEquals(List.of("a@1=s1"), calls);
        assertEquals(List.of(), marks.pending());
    }

    @Test
    @DisplayName("a change while its entity is being pushed is not cleared by that push and is pushed next")
    void a_newer_mark_survives_the_push_of_an_older_version() throws Exception {
        CountDownLatch inPush = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sink = (e, v, s) -> {
            if (v == 1) {
                inPush.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
            }
            calls.add(e + "@" + v + "=" + s);
        };
        start();
        states.put("a", "s1");
        marks.mark(null, "a", 1);
        clock.advance(QUIET);
        assertTrue(inPush.await(30, TimeUnit.SECONDS));
        change("a", 2); // the state read for version 1 was "s1"; version 2 commits during the call
        release.countDown();
        await(() -> calls.size() == 1, "the first push done");
        assertEquals(List.of(new DirtyMark("a", 2)), marks.pending(), "version 2 stays dirty");

        clock.advance(QUIET);
        await(() -> propagation.isIdle(), "version 2 pushed");
        assertEquals(List.of("a@1=s1", "a@2=s2"), calls);
        assertEquals(List.of(), marks.pending());
    }

    @Test
    @DisplayName("start pushes every entity that is still dirty, without waiting for a quiet period")
    void start_pushes_what_is_dirty() {
        change("x", 3);
        change("y", 7);
        start();
        await(() -> propagation.isIdle(), "dirty entities pushed");
        assertEquals(List.of("x@3=s3", "y@7=s7"), calls.stream().sorted().toList());
    }

    @Test
    @DisplayName("close stops without pushing what waits; it stays dirty for the next start")
    void close_leaves_waiting_entities_dirty() {
        start();
        change("a", 1);
        propagation.close();
        clock.advance(MAX_WAIT);
        assertEquals(List.of(), calls);
        assertEquals(List.of(new DirtyMark("a", 1)), marks.pending());
        assertThrows(IllegalStateException.class, propagation::start);
    }

    @Test
    @DisplayName("bad arguments name the field")
    void bad_arguments() {
        assertEquals("'sink' cannot be null.", assertThrows(ValidationException.class,
                () -> DebouncedPropagation.builder("p", marks, e -> Optional.empty(), null)).getMessage());
        assertEquals("'maxWait' must be positive but was PT0S.", assertThrows(ValidationException.class,
                () -> OPTIONS.withMaxWait(Duration.ZERO)).getMessage());
        assertEquals("'jitter' must be in [0, 1) but was 1.0.", assertThrows(ValidationException.class,
                () -> new PropagationOptions.Backoff(Duration.ofSeconds(1), 2, 1.0, Duration.ofSeconds(2))).getMessage());
        assertEquals("'entity' cannot be blank.", assertThrows(ValidationException.class,
                () -> start().changed(" ", 1)).getMessage());
        assertEquals("'version' must be at least 0 but was -1.", assertThrows(ValidationException.class,
                () -> new DirtyMark("a", -1)).getMessage());
    }
}
