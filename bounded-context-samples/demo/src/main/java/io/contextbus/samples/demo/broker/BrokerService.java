package io.contextbus.samples.demo.broker;

import io.contextbus.samples.runtime.JsonHttpServer;
import io.contextbus.samples.runtime.NamedArguments;
import io.contextbus.servicebus.local.LocalServiceBus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The local Service Bus as a process for the demo: a {@link LocalServiceBus} for the topology
 * file, on a free port of 127.0.0.1, plus a small admin HTTP API (counts, purge) that the demo
 * driver uses to inject the "messages expired" fault. Writes {@code broker.amqp-port} and
 * {@code broker.http-port} into the data directory once listening.
 */
public final class BrokerService {
    private BrokerService() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Map<String, String> a = NamedArguments.parse(args);
        Path dataDir = Path.of(a.getOrDefault("data-dir", "."));
        Files.createDirectories(dataDir);
        LocalServiceBus bus = LocalServiceBus.builder()
                .topologyFile(Path.of(a.getOrDefault("topology", "infra/topology/contextbus-sample.topology.json")))
                .port(Integer.parseInt(a.getOrDefault("port", "0")))
                .start();
        JsonHttpServer http = new JsonHttpServer(0);
        http.route("GET", "/health", r -> JsonHttpServer.Response.ok(Map.of("status", "up", "port", bus.port())));
        http.route("GET", "/counts", r -> JsonHttpServer.Response.ok(bus.allCounts()));
        http.route("GET", "/stats", r -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("messagesSent", bus.messagesSent());
            s.put("messagesDelivered", bus.messagesDelivered());
            s.put("duplicatesDropped", bus.allCounts().values().stream().mapToLong(c -> c.duplicatesDropped()).sum());
            return JsonHttpServer.Response.ok(s);
        });
        http.route("POST", "/purge", r -> JsonHttpServer.Response.ok(Map.of("purged", bus.purge(required(r, "entity")))));
        http.route("POST", "/expire", r -> JsonHttpServer.Response.ok(Map.of("expired", bus.expireMessages(required(r, "entity")))));
        http.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            bus.close();
            stopped.countDown();
        }, "broker-shutdown"));
        Files.writeString(dataDir.resolve("broker.amqp-port"), Integer.toString(bus.port()), StandardCharsets.UTF_8);
        Files.writeString(dataDir.resolve("broker.http-port"), Integer.toString(http.port()), StandardCharsets.UTF_8);
        stopped.await();
    }

    private static String required(JsonHttpServer.Request r, String name) {
        String v = r.query().get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required.");
        }
        return v;
    }
}
