package io.contextbus.servicebus.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventLoop")
class EventLoopTest {

    @Test
    @DisplayName("a task that throws an Error leaves the loop serving")
    void errorInTask() {
        try (EventLoop loop = new EventLoop(Clock.systemUTC(), "event-loop-test")) {
            // given: a task that fails the way an exhausted heap does
            loop.execute(() -> {
                throw new OutOfMemoryError("simulated");
            });
            // and: a timer that does the same
            loop.scheduleAt(loop.now(), () -> {
                throw new StackOverflowError("simulated");
            });

            // then: later work still runs
            assertEquals(42, loop.call(() -> 42));
        }
    }
}
