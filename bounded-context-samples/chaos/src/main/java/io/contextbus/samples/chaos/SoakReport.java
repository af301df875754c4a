package io.contextbus.samples.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.samples.demo.Cluster;
import io.contextbus.samples.demo.ClusterReadout;
import io.contextbus.samples.demo.check.ConsistencyReport;
import io.contextbus.samples.demo.check.Violation;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Prints the soak's closing report: the run, commits per context, every fault and how often, convergence, the verdict. */
final class SoakReport {
    static final String RESULT_OK = "RESULT: 0 violations";

    private SoakReport() {
    }

    /** The run's own figures. */
    record Figures(SoakOptions options, long orders, long retriedRequests, Duration loaded, Duration sinceLastFault,
                   Duration sinceLoadStopped) {
    }

    static void print(PrintStream out, Figures f, FaultInjector faults, Convergence.Outcome outcome, JsonNode broker) {
        ConsistencyReport check = outcome.report();
        ClusterReadout s = outcome.readout();
        out.println();
        out.println("============================== contextbus chaos soak report ==============================");
        out.printf("seed                            %d   (same seed, same fault schedule)%n", f.options().seed());
        out.printf("orders placed                   %,10d   at %d orders/s for %s (%,d requests retried while ordering was down)%n",
                f.orders(), f.options().ordersPerSecond(), minutes(f.loaded()), f.retriedRequests());
        out.printf("  confirmed / cancelled         %,10d / %,d   shipments %,d, invoices %,d%n", check.confirmed(),
                check.cancelled(), check.shipments(), s.states().invoices().size());
        out.println("commits per context");
        for (String c : Cluster.CONTEXTS) {
            out.printf("  %-29s %,10d   applied from other contexts: %,d%n", c, s.commitCount(c),
                    s.states().appliedLogs().getOrDefault(c, List.of()).size());
        }
        out.printf("  %-29s %,10d%n", "total", check.sourceCommits());
        out.println("faults injected");
        faults.injected().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
                out.printf("  %-29s %,10d   %s%n", e.getKey(), e.getValue(), e.getKey().description()));
        out.printf("  %-29s %,10d%n", "total", faults.injected().values().stream().mapToInt(Integer::intValue).sum());
        faults.figures().forEach((k, v) -> out.printf("  %-29s %,10d%n", k, v));
        out.printf("messages sent to the broker     %,10d   (since its last restart)%n", broker.path("messagesSent").asLong());
        out.printf("duplicates dropped by inboxes   %,10d   (counted by each process since its last start)%n",
                Cluster.CONTEXTS.stream().mapToLong(c -> s.stat(c, "inbox", "duplicatesDropped")).sum());
        out.printf("replays asked by the operator   %,10d   in %d reconciliation rounds%n", outcome.replaysAsked(),
                outcome.reconcileRounds());
        out.printf("stalled consumers restarted     %,10d   %s%n", outcome.stalledRestarts().size(),
                outcome.stalledRestarts().isEmpty() ? "" : outcome.stalledRestarts()
                        + " (applied nothing for " + Convergence.STALL.toSeconds() + " s while missing commits)");
        out.printf("time to converge                %10.1f s after the last fault (%.1f s after the load stopped)%n",
                f.sinceLastFault().toMillis() / 1000.0, f.sinceLoadStopped().toMillis() / 1000.0);
        out.printf("parked streams (poison)         %,10d   each listed by GET /holds, resolved by POST /holds/skip%n",
                faults.poisons().size());
        faults.poisons().stream().limit(8).forEach(p -> out.println("  " + p));
        if (faults.poisons().size() > 8) {
            out.println("  ... (" + (faults.poisons().size() - 8) + " more, the same way)");
        }
        out.printf("checked                         %,d source commits, %,d applied commits%n", check.sourceCommits(),
                check.appliedCommits());
        out.println("invariants: every source stream numbered 1..n; every consumer applied every commit it consumes");
        out.println("            exactly once and in order per stream; every read model = the fold of its sources");
        out.println("            (orders, stock, shipments, invoices); every order decided once; no stream held at");
        out.println("            the end; the commits skipped = exactly the poison commits the operator resolved");
        List<Violation> violations = outcome.violations();
        if (violations.isEmpty()) {
            out.println(RESULT_OK);
        } else {
            out.printf("RESULT: %d violations%n", violations.size());
            violations.stream().limit(50).forEach(v -> out.println("  - " + v));
        }
        out.println("===========================================================================================");
    }

    private static String minutes(Duration d) {
        return String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}
