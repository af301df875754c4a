package io.contextbus.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.samples.demo.check.ConsistencyReport;
import io.contextbus.samples.demo.check.Violation;
import java.io.PrintStream;

/** Prints the demo's closing report: what ran, the counts, the checks, and the verdict. */
final class DemoReport {
    private DemoReport() {
    }

    static void print(PrintStream out, DemoFigures f, ClusterReadout s, JsonNode broker, ConsistencyReport check,
                      CarrierCheck carrier) {
        out.println();
        out.println("================================ contextbus demo report ================================");
        out.printf("orders placed                 %,10d   (%,d confirmed, %,d cancelled and compensated)%n",
                f.orders(), check.confirmed(), check.cancelled());
        out.printf("shipments                     %,10d%n", check.shipments());
        out.printf("invoices (billing, Spring)    %,10d%n", s.states().invoices().size());
        out.println("commits per context");
        for (String c : Cluster.CONTEXTS) {
            out.printf("  %-27s %,10d   applied from other contexts: %,d%n", c, s.commitCount(c),
                    s.states().appliedLogs().getOrDefault(c, java.util.List.of()).size());
        }
        out.printf("messages sent to the broker   %,10d%n", broker.path("messagesSent").asLong());
        out.printf("duplicates dropped by broker  %,10d%n", broker.path("duplicatesDropped").asLong());
        // counted by each process since it started: inventory's count restarts at its crash, shipping's is
        // its count before the stop plus after the restart
        long inboxDuplicates = f.duplicatesBefore() + Cluster.CONTEXTS.stream()
                .mapToLong(c -> s.stat(c, "inbox", "duplicatesDropped")).sum();
        out.printf("duplicates dropped by inboxes %,10d   (inventory's since its restart)%n", inboxDuplicates);
        out.printf("messages purged (fault)       %,10d   from ordering.events/subscriptions/shipping%n", f.purged());
        out.printf("commits replayed to shipping  %,10d%n", f.replayed());
        long gaps = f.gapReplaysBefore() + Cluster.CONTEXTS.stream()
                .mapToLong(c -> s.stat(c, "gapRepair", "replaysRequested")).sum();
        out.printf("gaps repaired (replays asked) %,10d%n", gaps);
        out.printf("time to converge after replay %10.1f s%n", f.convergeSeconds());
        out.printf("placing throughput            %10.0f orders/s%n", f.orders() / f.placeSeconds());
        out.printf("end-to-end throughput         %10.0f orders/s   (first order to consistent, fault included)%n",
                f.orders() / f.endToEndSeconds());
        out.printf("carrier sink calls            %,10d   for %,d ordering events behind them (%.1f events per call),"
                + " %,d shipments; debounced%n", carrier.calls(), carrier.events(),
                carrier.calls() == 0 ? 0.0 : (double) carrier.events() / carrier.calls(), carrier.shipments());
        carrier.examples().forEach(e -> out.println("  " + e));
        out.printf("checked                       %,d source commits, %,d applied commits%n", check.sourceCommits(),
                check.appliedCommits());
        out.println("checks: per-stream order and effectively-once apply for every consumer; order status = fold of");
        out.println("        its events; every submitted order confirmed or cancelled, never both; stock never");
        out.println("        negative and = fold; confirmed orders hold their stock, cancelled ones none; exactly");
        out.println("        one shipment (events and view) per confirmed order; the carrier's last status of");
        out.println("        every shipment = shipping's view, its versions never going back; exactly one invoice");
        out.println("        (row and commit) per confirmed order, equal to its confirmation's lines and units");
        if (check.consistent() && carrier.consistent()) {
            out.println("RESULT: CONSISTENT");
        } else {
            out.printf("RESULT: INCONSISTENT (%d violations)%n", check.violations().size() + carrier.mismatches().size());
            check.violations().stream().limit(25).map(Violation::toString).forEach(v -> out.println("  - " + v));
            carrier.mismatches().stream().limit(25).forEach(v -> out.println("  - carrier: " + v));
        }
        out.println("=========================================================================================");
    }
}
