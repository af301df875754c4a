package io.contextbus.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.samples.billing.service.BillingService;
import io.contextbus.samples.inventory.service.InventoryService;
import io.contextbus.samples.ordering.service.OrderingService;
import io.contextbus.samples.shipping.service.ShippingService;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.cosmos.CosmosTestTarget;
import io.contextbus.testkit.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The four sample services started the way Azure Container Apps start them: separate JVMs, no
 * arguments, only the environment variables the Bicep sets (store {@code cosmos}, the Cosmos DB
 * endpoint, the Service Bus connection, the topology, the HTTP port), here pointed at the Cosmos DB
 * stand-in (with a key, so the containers are created) and an in-JVM local broker with the sample
 * topology. Orders flow across the three contexts to a consistent end state; inventory is then
 * killed and restarted and resumes without applying anything twice; billing (the Spring Boot sample)
 * applies each of ordering's commits once and issues one invoice per confirmed order; nothing is
 * written to the processes' working directory.
 */
class SamplesOnAzureConfigurationIT {
    private static final Duration WAIT = Duration.ofMinutes(3);
    private static final Path TOPOLOGY = Path.of("../../infra/topology/contextbus-sample.topology.json").toAbsolutePath()
            .normalize();
    private static final Map<String, Integer> STOCK = Map.of("sku-a", 5, "sku-b", 20, "sku-c", 20);

    private final JsonHttp http = new JsonHttp();
    private final List<ChildProcess> children = new ArrayList<>();
    private final Map<String, Integer> quantities = new HashMap<>();
    private final Map<ChildProcess, Integer> ports = new HashMap<>();
    private LocalServiceBus bus;

    @AfterEach
    void stop() {
        children.forEach(ChildProcess::stop);
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    @DisplayName("ordering, inventory, shipping and billing run on Cosmos DB from environment variables alone, and resume after a crash")
    void the_services_run_in_their_azure_configuration() throws Exception {
        bus = LocalServiceBus.builder().topologyFile(TOPOLOGY).port(0).start();
        Path work = Files.createDirectories(Path.of("target", "azure-config-it").toAbsolutePath());
        Path cwd = Files.createTempDirectory(work, "cwd-");
        CosmosTestTarget cosmos = CosmosTestTarget.get();
        Map<String, String> azure = new HashMap<>();
        azure.put("CONTEXTBUS_STORE", "cosmos");
        azure.put("CONTEXTBUS_COSMOS_ENDPOINT", cosmos.endpoint());
        if (cosmos.key() != null) {
            azure.put("CONTEXTBUS_COSMOS_KEY", cosmos.key());
        }
        azure.put("CONTEXTBUS_COSMOS_DATABASE", "samples-" + UUID.randomUUID().toString().substring(0, 8));
        azure.put("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://localhost:" + bus.port()
                + ";SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true");
        azure.put("CONTEXTBUS_TOPOLOGY", TOPOLOGY.toString());
        // The stand-in's bundled TLS certificate is expired (the SDK reads this variable too).
        azure.put("COSMOS_EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED", "true");

        String ordering = start("ordering", OrderingService.class, azure, work, cwd);
        ChildProcess inventoryProcess = child("inventory", InventoryService.class, azure, work, cwd);
        String inventory = start(inventoryProcess);
        String shipping = start("shipping", ShippingService.class, azure, work, cwd);
        String billing = start("billing", BillingService.class, azure, work, cwd);

        for (Map.Entry<String, Integer> p : STOCK.entrySet()) {
            http.post(inventory + "/products", Map.of("sku", p.getKey(), "quantity", p.getValue()));
        }
        // sku-a holds 5: of the three orders asking 2 each, one cannot be reserved and is cancelled.
        place(ordering, "o1", Map.of("sku-a", 2, "sku-b", 1));
        place(ordering, "o2", Map.of("sku-a", 2));
        place(ordering, "o3", Map.of("sku-a", 2, "sku-c", 3));
        place(ordering, "o4", Map.of("sku-b", 4, "sku-c", 1));
        Map<String, String> before = awaitConsistent(ordering, inventory, shipping, 4);
        assertEquals(1, before.values().stream().filter("CANCELLED"::equals).count(), "statuses " + before);

        long orderingCommitsBefore = commits(ordering).size();
        awaitApplied(inventory, orderingCommitsBefore);
        inventoryProcess.kill();
        place(ordering, "o5", Map.of("sku-b", 1));
        place(ordering, "o6", Map.of("sku-c", 2, "sku-b", 2));
        start(inventoryProcess);
        Map<String, String> after = awaitConsistent(ordering, inventory, shipping, 6);
        assertEquals("CONFIRMED", after.get("o5"));
        assertEquals("CONFIRMED", after.get("o6"));

        List<JsonNode> orderingCommits = commits(ordering);
        awaitApplied(inventory, orderingCommits.size());
        awaitApplied(shipping, orderingCommits.size());
        JsonNode stats = http.get(inventory + "/stats");
        assertEquals(orderingCommits.size() - orderingCommitsBefore, stats.path("inbox").path("applied").asLong(),
                "the restarted inventory applied exactly the commits it had not applied before: " + stats);
        awaitApplied(billing, orderingCommits.size());
        for (String consumer : List.of(inventory, shipping, billing)) {
            assertAppliedOnce(consumer, orderingCommits);
        }
        awaitInvoiced(billing, after);
        try (Stream<Path> written = Files.list(cwd)) {
            assertEquals(List.of(), written.toList(), "files written to the working directory");
        }
    }

    private void place(String ordering, String orderId, Map<String, Integer> lines) throws Exception {
        List<Map<String, Object>> l = new ArrayList<>();
        new TreeMap<>(lines).forEach((sku, q) -> l.add(Map.of("sku", sku, "quantity", q)));
        http.post(ordering + "/orders", Map.of("orderId", orderId, "customerId", "c-" + orderId, "lines", l));
        lines.forEach((sku, q) -> quantities.merge(orderId + "/" + sku, q, Integer::sum));
    }

    /**
     * Waits until all {@code orders} are decided, inventory's stock is the initial stock less what the
     * confirmed orders hold, and shipping has exactly one shipment per confirmed order.
     */
    private Map<String, String> awaitConsistent(String ordering, String inventory, String shipping, int orders) {
        Map<String, String> statuses = new TreeMap<>();
        Await.until(() -> {
            try {
                statuses.clear();
                http.get(ordering + "/state").path("orders").fields()
                        .forEachRemaining(e -> statuses.put(e.getKey(), e.getValue().asText()));
                if (statuses.size() != orders
                        || !statuses.values().stream().allMatch(s -> s.equals("CONFIRMED") || s.equals("CANCELLED"))) {
                    return false;
                }
                Map<String, Integer> expected = new TreeMap<>(STOCK);
                quantities.forEach((key, q) -> {
                    if (statuses.get(key.substring(0, key.indexOf('/'))).equals("CONFIRMED")) {
                        expected.merge(key.substring(key.indexOf('/') + 1), -q, Integer::sum);
                    }
                });
                Map<String, Integer> stock = new TreeMap<>();
                http.get(inventory + "/state").path("stock").fields()
                        .forEachRemaining(e -> stock.put(e.getKey(), e.getValue().asInt()));
                Set<String> shipped = new HashSet<>();
                for (JsonNode row : http.get(shipping + "/state").path("shipments")) {
                    assertTrue(shipped.add(row.path("orderId").asText()), "two shipments for one order: " + row);
                }
                Set<String> confirmed = new HashSet<>();
                statuses.forEach((o, s) -> {
                    if (s.equals("CONFIRMED")) {
                        confirmed.add(o);
                    }
                });
                return stock.equals(expected) && shipped.equals(confirmed);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, WAIT, "every order decided, stock reserved for the confirmed ones, one shipment per confirmed order");
        return new TreeMap<>(statuses);
    }

    /** Waits until billing has issued an invoice for each confirmed order, and for no other order. */
    private void awaitInvoiced(String billing, Map<String, String> statuses) throws Exception {
        Set<String> confirmed = new HashSet<>();
        statuses.forEach((o, s) -> {
            if (s.equals("CONFIRMED")) {
                confirmed.add(o);
            }
        });
        Await.until(() -> {
            try {
                JsonNode stats = http.get(billing + "/stats").path("billing");
                return stats.path("issued").asLong() == confirmed.size() && stats.path("invoices").asLong() == confirmed.size();
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, WAIT, "billing issued one invoice per confirmed order " + confirmed);
        Set<String> invoiced = new HashSet<>();
        for (JsonNode invoice : http.get(billing + "/state").path("invoices")) {
            assertTrue(invoiced.add(invoice.path("orderId").asText()), "two invoices for one order: " + invoice);
        }
        assertEquals(confirmed, invoiced);
    }

    private void awaitApplied(String consumer, long commits) {
        Await.until(() -> {
            try {
                return http.get(consumer + "/applied?after=0&max=5000").size() >= commits;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, WAIT, consumer + " applied " + commits + " commits of ordering");
    }

    /** The consumer's applied log holds each of ordering's commits exactly once. */
    private void assertAppliedOnce(String consumer, List<JsonNode> orderingCommits) throws Exception {
        Set<String> expected = new HashSet<>();
        orderingCommits.forEach(c -> expected.add(c.path("streamId").asText() + ":" + c.path("commitSequence").asLong()));
        List<String> applied = new ArrayList<>();
        for (JsonNode e : http.get(consumer + "/applied?after=0&max=5000")) {
            applied.add(e.get(2).asText() + ":" + e.get(3).asLong());
        }
        assertEquals(expected, new HashSet<>(applied), consumer + " applied every commit of ordering");
        assertEquals(expected.size(), applied.size(), consumer + " applied a commit twice: " + applied);
    }

    private List<JsonNode> commits(String service) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        http.get(service + "/commits?max=5000").path("commits").forEach(out::add);
        return out;
    }

    private String start(String name, Class<?> main, Map<String, String> azure, Path work, Path cwd) throws Exception {
        return start(child(name, main, azure, work, cwd));
    }

    private ChildProcess child(String name, Class<?> main, Map<String, String> azure, Path work, Path cwd)
            throws IOException {
        Map<String, String> env = new HashMap<>(azure);
        int port = freePort();
        env.put("CONTEXTBUS_HTTP_PORT", Integer.toString(port));
        ChildProcess child = new ChildProcess(name, work.resolve(name + ".log"), main.getName(), List.of(), env, cwd);
        children.add(child);
        ports.put(child, port);
        return child;
    }

    private String start(ChildProcess child) throws Exception {
        child.start();
        String url = "http://127.0.0.1:" + portOf(child);
        Await.until(() -> {
            if (!child.isAlive()) {
                throw new AssertionError(child.name() + " exited:\n" + child.tail(40));
            }
            try {
                return http.get(url + "/health").path("status").asText().equalsIgnoreCase("up");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, WAIT, child.name() + " healthy");
        return url;
    }

    private int portOf(ChildProcess child) {
        return ports.get(child);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
