package io.contextbus.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Starts several tasks at the same instant (all threads wait on one gate) and returns what each
 * task did, in task order, after every task finished. Use it to make writers really collide.
 */
public final class Race {
    /** How long the whole race may take before its unfinished tasks are reported as failed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private Race() {
    }

    /** Runs {@code tasks} tasks built by {@code factory} from their index, released together. */
    public static <T> List<Outcome<T>> run(int tasks, IntFunction<Callable<T>> factory) {
        return run(tasks, DEFAULT_TIMEOUT, factory);
    }

    /** As {@link #run(int, IntFunction)} with an explicit bound on the whole race. */
    public static <T> List<Outcome<T>> run(int tasks, Duration timeout, IntFunction<Callable<T>> factory) {
        if (tasks < 2) {
            throw new IllegalArgumentException("A race needs at least 2 tasks but got " + tasks);
        }
        CountDownLatch ready = new CountDownLatch(tasks);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try {
            List<Future<T>> futures = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++) {
                Callable<T> task = factory.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            awaitQuietly(ready, timeout);
            go.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            List<Outcome<T>> outcomes = new ArrayList<>(tasks);
            for (Future<T> f : futures) {
                outcomes.add(join(f, Math.max(1, deadline - System.nanoTime())));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Race tasks did not all start within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while starting a race", e);
        }
    }

    private static <T> Outcome<T> join(Future<T> future, long nanos) {
        try {
            return new Outcome<>(future.get(nanos, TimeUnit.NANOSECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome<>(null, e.getCause() == null ? e : e.getCause());
        } catch (Exception e) {
            // a timeout or interruption is reported as this task's failure so the others are still joined
            return new Outcome<>(null, e);
        }
    }

    /**
     * What one task did: its value, or the throwable it threw.
     *
     * @param value   the task's result when it succeeded
     * @param failure what it threw, null when it succeeded
     */
    public record Outcome<T>(T value, Throwable failure) {
        public boolean succeeded() {
            return failure == null;
        }
    }
}
