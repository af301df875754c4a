package io.contextbus.samples.demo;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** Prints the demo's progress, each line stamped with the seconds since the run started. */
public final class Progress {
    private final PrintStream out;
    private final Instant start = Instant.now();

    public Progress(PrintStream out) {
        this.out = out;
    }

    public synchronized void say(String line) {
        long ms = Duration.between(start, Instant.now()).toMillis();
        out.printf("[%6.1fs] %s%n", ms / 1000.0, line);
        out.flush();
    }

    synchronized void step(int n, String title) {
        out.println();
        say("STEP " + n + ": " + title);
    }
}
