package io.contextbus.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.codec.CommitCodec;
import io.contextbus.model.Commit;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.demo.check.AppliedCommit;
import io.contextbus.samples.demo.check.ContextStates;
import io.contextbus.samples.demo.check.InvoiceRow;
import io.contextbus.samples.demo.check.ShipmentRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the demo reads from the running contexts over their HTTP APIs: every commit of each
 * store, each consumer's applied log, each context's state, and their counters.
 */
public record ClusterReadout(Map<String, List<Commit>> commits, ContextStates states, Map<String, JsonNode> stats) {

    public static ClusterReadout take(JsonHttp http, Cluster cluster) throws IOException, InterruptedException {
        Map<String, List<Commit>> commits = new LinkedHashMap<>();
        Map<String, List<AppliedCommit>> applied = new HashMap<>();
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        for (String c : Cluster.CONTEXTS) {
            String url = cluster.contextUrl(c);
            commits.put(c, commits(http, url));
            applied.put(c, applied(http, url));
            stats.put(c, http.get(url + "/stats"));
        }
        Map<String, String> orders = new HashMap<>();
        http.get(cluster.contextUrl("ordering") + "/state").path("orders").fields()
                .forEachRemaining(e -> orders.put(e.getKey(), e.getValue().asText()));
        Map<String, Integer> stock = new HashMap<>();
        http.get(cluster.contextUrl("inventory") + "/state").path("stock").fields()
                .forEachRemaining(e -> stock.put(e.getKey(), e.getValue().asInt()));
        List<ShipmentRow> shipments = new ArrayList<>();
        http.get(cluster.contextUrl("shipping") + "/state").path("shipments").forEach(row ->
                shipments.add(new ShipmentRow(row.path("orderId").asText(), row.path("shipmentId").asText())));
        List<InvoiceRow> invoices = new ArrayList<>();
        http.get(cluster.contextUrl("billing") + "/state").path("invoices").forEach(row -> invoices.add(
                new InvoiceRow(row.path("orderId").asText(), row.path("lines").asInt(), row.path("quantity").asInt())));
        return new ClusterReadout(commits, new ContextStates(orders, stock, shipments, applied, invoices), stats);
    }

    private static List<Commit> commits(JsonHttp http, String url) throws IOException, InterruptedException {
        List<Commit> all = new ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = http.get(url + "/commits?max=5000&after=" + after);
            if (page.path("commits").isEmpty()) {
                return all;
            }
            for (JsonNode c : page.path("commits")) {
                all.add(CommitCodec.decode(ContractJson.mapper().writeValueAsBytes(c)).commit());
            }
            after = page.path("next").asText();
        }
    }

    private static List<AppliedCommit> applied(JsonHttp http, String url) throws IOException, InterruptedException {
        List<AppliedCommit> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = http.get(url + "/applied?max=5000&after=" + after);
            if (page.isEmpty()) {
                return all;
            }
            for (JsonNode row : page) {
                all.add(new AppliedCommit(row.get(1).asText(), row.get(2).asText(), row.get(3).asLong()));
                after = row.get(0).asLong();
            }
        }
    }

    /** A counter from one context's stats, 0 when absent. */
    public long stat(String context, String... path) {
        JsonNode n = stats.get(context);
        for (String p : path) {
            n = n == null ? null : n.get(p);
        }
        return n == null ? 0 : n.asLong();
    }

    public int commitCount(String context) {
        return commits.getOrDefault(context, List.of()).size();
    }
}
