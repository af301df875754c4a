package io.contextbus.servicebus.local.implementation;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.contextbus.servicebus.local.EntityCounts;

/**
 * A read-only HTTP view of the broker for out-of-process tests: {@code GET /counts} answers the
 * counts of every entity as JSON, {@code GET /connections} the number of client connections open now
 * ({@code {"openConnections":2}}). Bound to 127.0.0.1 only.
 */
public final class AdminServer implements AutoCloseable {

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    public static AdminServer start(int port, Supplier<Map<String, EntityCounts>> counts,
            IntSupplier openConnections) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
            server.createContext("/counts", exchange -> respond(exchange, () -> json(counts.get())));
            server.createContext("/connections", exchange -> respond(exchange,
                    () -> "{\"openConnections\":" + openConnections.getAsInt() + "}"));
            server.start();
            return new AdminServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the admin port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, Supplier<String> json) throws IOException {
        byte[] body;
        int status;
        if ("GET".equals(exchange.getRequestMethod())) {
            body = json.get().getBytes(StandardCharsets.UTF_8);
            status = 200;
        } else {
            body = "{\"error\":\"only GET is supported\"}".getBytes(StandardCharsets.UTF_8);
            status = 405;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static String json(Map<String, EntityCounts> counts) {
        StringBuilder out = new StringBuilder("{");
        counts.forEach((path, c) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"').append(escape(path)).append("\":{")
                    .append("\"activeMessages\":").append(c.activeMessages())
                    .append(",\"deadLetterMessages\":").append(c.deadLetterMessages())
                    .append(",\"scheduledMessages\":").append(c.scheduledMessages())
                    .append(",\"deferredMessages\":").append(c.deferredMessages())
                    .append(",\"duplicatesDropped\":").append(c.duplicatesDropped())
                    .append(",\"messagesEnqueued\":").append(c.messagesEnqueued())
                    .append(",\"messagesDelivered\":").append(c.messagesDelivered()).append('}');
        });
        return out.append('}').toString();
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
