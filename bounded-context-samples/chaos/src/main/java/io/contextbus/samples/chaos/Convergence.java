package io.contextbus.samples.chaos;

import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.samples.demo.Cluster;
import io.contextbus.samples.demo.ClusterReadout;
import io.contextbus.samples.demo.JsonHttp;
import io.contextbus.samples.demo.Progress;
import io.contextbus.samples.demo.check.ConsistencyChecker;
import io.contextbus.samples.demo.check.ConsistencyReport;
import io.contextbus.samples.demo.check.Violation;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After the faults, what an operator does until the system is consistent: read every context's
 * commits and applied log, check them, and while they differ ask the replay service for each
 * consumer's missing tails ({@link Reconciliation}), as often as {@link #RECONCILE_EVERY}, the first
 * time after live delivery had {@link #FIRST_RECONCILE_AFTER} to bring what it still carries.
 */
final class Convergence {
    static final Duration FIRST_RECONCILE_AFTER = Duration.ofSeconds(10);
    static final Duration RECONCILE_EVERY = Duration.ofSeconds(20);
    /**
     * A consumer that misses commits and applied none for this long is restarted, as an operator
     * would: after a broker restart a session's settlements can keep failing on a stale link
     * (docs/chaos-soak.md, "Findings"), and only a new connection ends it. Counted in the report.
     */
    static final Duration STALL = Duration.ofSeconds(60);
    private static final Map<String, List<String>> CONSUMES = Map.of("inventory", List.of("ordering"),
            "ordering", List.of("inventory"), "shipping", List.of("ordering"), "billing", List.of("ordering"));

    /** The final check, the readout it was made on, and how many replays the operator asked for. */
    record Outcome(ConsistencyReport report, List<Violation> holdViolations, ClusterReadout readout, int replaysAsked,
                   int reconcileRounds, List<String> stalledRestarts) {
        List<Violation> violations() {
            List<Violation> all = new ArrayList<>(report.violations());
            all.addAll(holdViolations);
            return all;
        }
    }

    private final Cluster cluster;
    private final JsonHttp http;
    private final Progress progress;
    private final ConsistencyChecker checker = ConsistencyChecker.forSample();

    Convergence(Cluster cluster, JsonHttp http, Progress progress) {
        this.cluster = cluster;
        this.http = http;
        this.progress = progress;
    }

    Outcome await(Duration timeout, List<Poison> poisons) throws IOException, InterruptedException {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Instant nextReconcile = start.plus(FIRST_RECONCILE_AFTER);
        int asked = 0;
        int rounds = 0;
        List<String> restarts = new ArrayList<>();
        Map<String, Integer> appliedBefore = new HashMap<>();
        Map<String, Instant> progressAt = new HashMap<>();
        while (true) {
            List<String> crashed = cluster.crashed();
            if (!crashed.isEmpty()) {
                throw new IllegalStateException("processes died: " + crashed);
            }
            ClusterReadout readout = ClusterReadout.take(http, cluster);
            ConsistencyReport report = checker.check(readout.commits(), readout.states());
            List<Violation> holds = HoldsCheck.check(http, cluster, poisons);
            if ((report.consistent() && holds.isEmpty()) || Instant.now().isAfter(deadline)) {
                return new Outcome(report, holds, readout, asked, rounds, restarts);
            }
            String example = report.consistent() ? holds.get(0).toString() : report.violations().get(0).toString();
            progress.say(String.format("  not yet: %d violations, e.g. %s", report.violations().size() + holds.size(),
                    example.length() > 160 ? example.substring(0, 160) + "..." : example));
            List<ReplayRequest> requests = Reconciliation.missingTails(CONSUMES, readout.commits(),
                    readout.states().appliedLogs());
            for (String consumer : CONSUMES.keySet()) {
                int applied = readout.states().appliedLogs().getOrDefault(consumer, List.of()).size();
                boolean missing = requests.stream().anyMatch(r -> r.target().value().equals(consumer));
                if (!missing || !Integer.valueOf(applied).equals(appliedBefore.put(consumer, applied))) {
                    progressAt.put(consumer, Instant.now());
                } else if (Instant.now().isAfter(progressAt.getOrDefault(consumer, Instant.now()).plus(STALL))) {
                    int exit = cluster.stopContext(consumer);
                    cluster.startContext(consumer);
                    restarts.add(consumer);
                    progressAt.put(consumer, Instant.now());
                    progress.say("  operator: " + consumer + " misses commits and applied none for " + STALL.toSeconds()
                            + " s: restarted it (exit code " + exit + ")");
                }
            }
            if (Instant.now().isAfter(nextReconcile)) {
                ReplayClient client = ReplayClient.create(URI.create(cluster.replayUrl()), cluster.token());
                requests.forEach(client::submit);
                asked += requests.size();
                rounds++;
                long streams = requests.stream().mapToLong(r -> r.streams().size()).sum();
                progress.say(String.format("  reconciliation round %d: asked the replay service for the missing tails"
                        + " of %,d streams in %d replays", rounds, streams, requests.size()));
                nextReconcile = Instant.now().plus(RECONCILE_EVERY);
            }
            // the interval between two checks, each of which reads every commit and applied log: the
            // loop ends on the invariants holding (or its deadline), not on this wait
            Thread.sleep(3_000);
        }
    }
}
