package io.contextbus.servicebus.local.implementation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.contextbus.servicebus.local.implementation.entity.EntityRuntime;

/**
 * The broker's single thread: socket readiness, timers and tasks from other threads all run here,
 * so entity state needs no locks. Other threads reach the broker through {@link #call}.
 */
public final class EventLoop implements EntityRuntime, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);

    /** Something registered with the selector. */
    interface IoHandler {
        void onReady(SelectionKey key);

        /** {@link #onReady} or a flush threw: the handler drops what it serves; the loop goes on. */
        default void onFailure(Throwable error) {
            LOG.error("event=ioHandlerFailed", error);
        }
    }

    /** Something with output to write once the current batch of work is done. */
    interface Flushable {
        void flush();
    }

    private record Timer(long at, long order, Runnable task) {
    }

    private final Clock clock;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(
            Comparator.comparingLong(Timer::at).thenComparingLong(Timer::order));
    private final Set<Flushable> dirty = new LinkedHashSet<>();
    private long timerOrder;
    private volatile boolean running = true;

    public EventLoop(Clock clock, String name) {
        this.clock = clock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a selector", e);
        }
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    Selector selector() {
        return selector;
    }

    @Override
    public long now() {
        return clock.millis();
    }

    @Override
    public void scheduleAt(long atMillis, Runnable task) {
        timers.add(new Timer(atMillis, timerOrder++, task));
    }

    /** Runs {@code task} on the loop thread. */
    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop thread and waits for its result. */
    public <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker loop", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("The broker loop did not answer within 60 s", e);
        }
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    void markDirty(Flushable flushable) {
        dirty.add(flushable);
    }

    private void run() {
        while (running) {
            try {
                long wait = nextWait();
                if (wait == 0) {
                    selector.selectNow();
                } else {
                    selector.select(wait);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid() && key.attachment() instanceof IoHandler handler) {
                        ready(handler, key);
                    }
                }
                selector.selectedKeys().clear();
                runTasks();
                runTimers();
                flushDirty();
            } catch (IOException | RuntimeException | Error e) {
                // Nothing one turn does may stop the loop: every connection and entity depends on it.
                LOG.error("event=loopError", e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("event=selectorCloseFailed", e);
        }
    }

    private long nextWait() {
        if (!tasks.isEmpty() || !dirty.isEmpty()) {
            return 0;
        }
        Timer next = timers.peek();
        if (next == null) {
            return 1000;
        }
        return Math.max(1, Math.min(1000, next.at() - now()));
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            runSafely(task);
        }
    }

    private void runTimers() {
        long now = now();
        while (!timers.isEmpty() && timers.peek().at() <= now) {
            runSafely(timers.poll().task());
        }
    }

    private void flushDirty() {
        while (!dirty.isEmpty()) {
            List<Flushable> batch = new ArrayList<>(dirty);
            dirty.clear();
            for (Flushable flushable : batch) {
                try {
                    flushable.flush();
                } catch (RuntimeException | Error e) {
                    failed(flushable, e);
                }
            }
        }
    }

    private static void ready(IoHandler handler, SelectionKey key) {
        try {
            handler.onReady(key);
        } catch (RuntimeException | Error e) {
            failed(handler, e);
        }
    }

    private static void failed(Object handler, Throwable error) {
        try {
            if (handler instanceof IoHandler io) {
                io.onFailure(error);
            } else {
                LOG.error("event=flushFailed", error);
            }
        } catch (RuntimeException | Error again) {
            LOG.error("event=failureHandlingFailed", again);
        }
    }

    /** A task or timer that throws, even an Error such as OutOfMemoryError, fails alone. */
    private static void runSafely(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.error("event=taskFailed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
