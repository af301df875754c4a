package io.contextbus.samples.chaos;

import io.contextbus.samples.demo.Cluster;
import io.contextbus.samples.demo.JsonHttp;
import io.contextbus.samples.demo.OrderLoad;
import io.contextbus.samples.demo.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One soak: start the sample system as separate processes, place orders at a steady rate, inject
 * the scheduled faults one after the other (each with its short recovery), keep the load on until
 * the commit target is reached, stop it, drive the system to convergence as an operator would, check
 * every invariant and print the report. Returns 0 only when nothing is violated.
 */
final class Soak {
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final SoakOptions options;
    private final Cluster cluster;
    private final PrintStream out;
    private final Progress progress;
    private final JsonHttp http = new JsonHttp();

    Soak(SoakOptions options, Cluster cluster, PrintStream out) {
        this.options = options;
        this.cluster = cluster;
        this.out = out;
        this.progress = new Progress(out);
    }

    int run() throws IOException, InterruptedException {
        progress.say("chaos soak, seed " + options.seed() + ": at least " + options.commits() + " commits, "
                + options.faultsPerKind() + " faults of each of " + FaultKind.values().length + " kinds, "
                + options.ordersPerSecond() + " orders/s");
        cluster.start(progress);
        registerProducts();
        SourceMirror mirror = new SourceMirror();
        FaultInjector faults = new FaultInjector(cluster, http, mirror, options.seed());
        List<Fault> schedule = Fault.schedule(options.seed(), options.faultsPerKind(), options.maxPauseMs());
        Instant start = Instant.now();
        Instant lastFault;
        SteadyLoad load = new SteadyLoad(http, () -> cluster.contextUrl("ordering"), options.products(), options.seed(),
                options.ordersPerSecond(), options.clients());
        try {
            load.start();
            progress.say(String.format("load started: %d orders/s from up to %d clients; %d faults scheduled",
                    options.ordersPerSecond(), options.clients(), schedule.size()));
            Instant nextProgress = Instant.now().plus(PROGRESS_EVERY);
            int n = 0;
            for (Fault fault : schedule) {
                loadOnly(load, mirror, Instant.now().plus(Duration.ofMillis(fault.pauseMs())));
                n++;
                progress.say(String.format("fault %d/%d %s: %s", n, schedule.size(), fault.kind(), faults.inject(fault)));
                if (Instant.now().isAfter(nextProgress)) {
                    mirror.poll(http, cluster);
                    progress.say(String.format("  %,d orders placed (%,d retried requests), %,d commits so far",
                            load.placed(), load.retries(), mirror.total()));
                    nextProgress = Instant.now().plus(PROGRESS_EVERY);
                }
            }
            lastFault = Instant.now();
            while (mirror.total() < options.commits()) {
                loadOnly(load, mirror, Instant.now().plus(PROGRESS_EVERY));
                progress.say(String.format("  %,d orders placed, %,d of %,d commits", load.placed(), mirror.total(),
                        options.commits()));
            }
            load.stop();
        } finally {
            load.close();
        }
        Instant loadStopped = Instant.now();
        progress.say(String.format("load stopped after %,d orders; converging (reconciliation through the replay"
                + " service's API as an operator would)", load.placed()));
        Convergence.Outcome outcome = new Convergence(cluster, http, progress).await(options.convergeTimeout(), faults.poisons());
        Instant converged = Instant.now();
        SoakReport.Figures figures = new SoakReport.Figures(options, load.placed(), load.retries(),
                Duration.between(start, loadStopped), Duration.between(lastFault, converged),
                Duration.between(loadStopped, converged));
        SoakReport.print(out, figures, faults, outcome, http.get(cluster.brokerUrl() + "/stats"));
        out.println("logs: " + cluster.logDir());
        return outcome.violations().isEmpty() ? 0 : 1;
    }

    /** Lets the load run until {@code until}, reading the sources' new commits meanwhile. */
    private void loadOnly(SteadyLoad load, SourceMirror mirror, Instant until) throws InterruptedException {
        do {
            if (load.failure() != null) {
                throw new IllegalStateException("the load failed: " + load.failure().getMessage(), load.failure());
            }
            mirror.poll(http, cluster);
            long left = Duration.between(Instant.now(), until).toMillis();
            if (left > 0) {
                // pacing: load-only time between two faults, not a wait for a condition
                Thread.sleep(Math.min(left, 1_000));
            }
        } while (Instant.now().isBefore(until));
    }

    private void registerProducts() throws IOException, InterruptedException {
        for (int p = 1; p <= options.products(); p++) {
            http.post(cluster.contextUrl("inventory") + "/products",
                    Map.of("sku", OrderLoad.sku(p), "quantity", options.stockPerProduct()));
        }
        progress.say(String.format("registered %d products with %,d units each", options.products(),
                options.stockPerProduct()));
    }
}
