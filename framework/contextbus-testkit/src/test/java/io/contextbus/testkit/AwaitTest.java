package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until(() -> polls.incrementAndGet() >= 3, Duration.ofSeconds(30), "three polls");
        assertEquals(3, polls.get());
    }

    @Test
    void failsNamingWhatWasNotReached() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until(() -> false, Duration.ofMillis(50), "the moon to turn blue"));
        assertTrue(e.getMessage().contains("the moon to turn blue"), e.getMessage());
    }

    @Test
    void returnsTheFirstPresentValue() {
        AtomicInteger polls = new AtomicInteger();
        String v = Await.value(() -> polls.incrementAndGet() < 2 ? Optional.empty() : Optional.of("ready"),
                Duration.ofSeconds(30), "a value");
        assertEquals("ready", v);
    }

    @Test
    void computesTheDescriptionWhenTheWaitFails() {
        AtomicInteger polls = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class,
                () -> Await.until(() -> polls.incrementAndGet() < 0, Duration.ofMillis(50), () -> "after " + polls.get() + " polls"));
        assertTrue(e.getMessage().contains("after " + polls.get() + " polls"), e.getMessage());
    }
}
