package io.contextbus.servicebus.local.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

    @Test
    @DisplayName("an I/O handler that throws an Error is told so, and the loop goes on serving")
    void errorInIoHandler() throws Exception {
        try (EventLoop loop = new EventLoop(Clock.systemUTC(), "event-loop-test")) {
            // given: a readable channel whose handler fails the way an exhausted heap does
            Pipe pipe = Pipe.open();
            pipe.source().configureBlocking(false);
            FailingHandler handler = new FailingHandler();
            handler.key = loop.call(() -> pipe.source().register(loop.selector(), SelectionKey.OP_READ, handler));

            // when
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));

            // then
            assertEquals("simulated", handler.failure.get(60, TimeUnit.SECONDS).getMessage());
            assertEquals(7, loop.call(() -> 7));
            pipe.sink().close();
            pipe.source().close();
        }
    }

    @Test
    @DisplayName("a flush that throws an Error fails alone")
    void errorInFlush() {
        try (EventLoop loop = new EventLoop(Clock.systemUTC(), "event-loop-test")) {
            loop.execute(() -> loop.markDirty(() -> {
                throw new OutOfMemoryError("simulated");
            }));

            assertEquals(9, loop.call(() -> 9));
        }
    }

    /** Fails the way an exhausted heap does; on failure it deregisters, as a connection closes its socket. */
    private static final class FailingHandler implements EventLoop.IoHandler {
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        volatile SelectionKey key;

        @Override
        public void onReady(SelectionKey selected) {
            throw new OutOfMemoryError("simulated");
        }

        @Override
        public void onFailure(Throwable error) {
            key.cancel();
            failure.complete(error);
        }
    }
}
