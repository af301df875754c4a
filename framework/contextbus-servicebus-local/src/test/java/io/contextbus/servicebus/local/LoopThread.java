package io.contextbus.servicebus.local;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * The broker's event-loop threads, seen through {@link ThreadMXBean}: whether they are idle is
 * judged by the CPU time they use over a quiet window (a spinning loop uses most of it).
 */
final class LoopThread {

    private static final String NAME = "contextbus-servicebus-local";
    private static final Duration WINDOW = Duration.ofSeconds(2);

    private LoopThread() {
    }

    /** CPU time used so far by every live broker loop thread of this JVM. */
    static long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(NAME) && thread.isAlive()) {
                long cpu = threads.getThreadCpuTime(thread.getId());
                total += Math.max(0, cpu);
            }
        }
        return total;
    }

    /**
     * Fails when the loop threads use more than a tenth of a two-second quiet window. Idle, the loop
     * wakes once a second or for a timer and uses well under 1 %; a spinning loop gets far more
     * than a tenth of a core even on a loaded machine.
     */
    static void assertIdle(String when) {
        long cpuBefore = cpuNanos();
        long start = System.nanoTime();
        try {
            Thread.sleep(WINDOW.toMillis()); // the measuring window itself, not a wait for a result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while measuring the loop", e);
        }
        long elapsed = System.nanoTime() - start;
        long used = cpuNanos() - cpuBefore;
        System.out.printf("[loop] %s: %d ms CPU over a %d ms quiet window%n", when, used / 1_000_000,
                elapsed / 1_000_000);
        if (used > elapsed / 10) {
            throw new AssertionError("The broker loop is not idle " + when + ": it used " + used / 1_000_000
                    + " ms of CPU in a " + elapsed / 1_000_000 + " ms quiet window");
        }
    }
}
