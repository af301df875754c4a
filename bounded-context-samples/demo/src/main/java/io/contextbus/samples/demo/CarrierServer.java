package io.contextbus.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.contextbus.samples.common.contracts.ContractJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The external carrier that shipping tells each shipment's status (its debounced propagation):
 * {@code PUT /shipments/<id>} with the latest status, answered 204; every call is recorded, in the
 * order received, for the demo's check and report. Runs in the demo's JVM, bound to 127.0.0.1.
 */
final class CarrierServer implements AutoCloseable {
    /** One call the carrier received. */
    record Call(String shipmentId, String status, long version, long events) {
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>(); // guarded by itself

    private CarrierServer(HttpServer server) {
        this.server = server;
        server.createContext("/shipments/", this::handle);
    }

    /** Listens on a free port of 127.0.0.1. */
    static CarrierServer start() throws IOException {
        CarrierServer carrier = new CarrierServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16));
        carrier.server.start();
        return carrier;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every call so far, in the order received. */
    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            if (!exchange.getRequestMethod().equals("PUT")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String id = exchange.getRequestURI().getPath().substring("/shipments/".length());
            JsonNode status = ContractJson.mapper().readTree(body);
            if (!id.equals(status.path("shipmentId").asText())) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            synchronized (calls) {
                calls.add(new Call(id, status.path("status").asText(), status.path("version").asLong(),
                        status.path("events").asLong()));
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
