package io.contextbus.samples.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.contextbus.error.ValidationException;
import io.contextbus.implementation.BoundedHttpServer;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.domain.DomainRuleException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The samples' small JSON-over-HTTP server (JDK HttpServer, on 127.0.0.1 unless told otherwise): a
 * table of routes by method and path prefix that each sample context (and the demo's broker
 * process) fills with its own endpoints. Bad input is a 400 naming the field, a broken business
 * rule a 409 naming the rule, anything else a 500 (logged once here). Not the replay service's
 * REST API, which is one fixed API with its own authentication and limits.
 */
public final class JsonHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JsonHttpServer.class);
    /**
     * Worker threads kept while idle (more start as requests arrive). A handler mostly waits for its
     * commit to be durable, and the store shares one fsync among every append waiting for it: as
     * many requests in flight as clients send keeps those groups full.
     */
    private static final int THREADS = 64;

    /** A request: path, query parameters and the JSON body (missing node when empty). */
    public record Request(String path, Map<String, String> query, JsonNode body) {
        public long longParam(String name, long fallback) {
            String v = query.get(name);
            try {
                return v == null ? fallback : Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + name + "' must be a number but was '" + v + "'.");
            }
        }
    }

    /** A response: status and either a value written as JSON or raw JSON text. */
    public record Response(int status, Object body) {
        public static Response ok(Object body) {
            return new Response(200, body);
        }
    }

    /** Raw JSON text, written as is. */
    public record RawJson(String json) {
    }

    /** Handles the requests of one route. */
    @FunctionalInterface
    public interface Route {
        Response handle(Request request) throws Exception;
    }

    /** TCP_NODELAY, and the bounds that keep slow or idle clients from exhausting it. */
    private final BoundedHttpServer server;
    private final Map<String, Route> routes = new HashMap<>();

    /** On 127.0.0.1. */
    public JsonHttpServer(int port) throws IOException {
        this("127.0.0.1", port);
    }

    /** On {@code host} ({@code 0.0.0.0} in a container, where the platform's ingress forwards to it). */
    public JsonHttpServer(String host, int port) throws IOException {
        server = BoundedHttpServer.create(new InetSocketAddress(host, port), 128, THREADS, "http-api");
        server.server().createContext("/", this::dispatch);
    }

    /** Routes {@code method} on paths starting with {@code prefix} (longest prefix wins). */
    public JsonHttpServer route(String method, String prefix, Route route) {
        routes.put(method + " " + prefix, route);
        return this;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.port();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Response response;
        try {
            Route route = find(exchange.getRequestMethod(), uri.getPath());
            byte[] in = exchange.getRequestBody().readAllBytes();
            JsonNode body = in.length == 0 ? ContractJson.mapper().missingNode() : ContractJson.mapper().readTree(in);
            response = route == null ? new Response(404, Map.of("error", "no route " + uri.getPath()))
                    : route.handle(new Request(uri.getPath(), query(uri), body));
        } catch (DomainRuleException e) {
            response = new Response(409, Map.of("error", e.getMessage(), "rule", e.rule()));
        } catch (ValidationException e) {
            response = new Response(400, Map.of("error", e.getMessage(), "field", e.field()));
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            response = new Response(400, Map.of("error", String.valueOf(e.getMessage())));
        } catch (Exception e) {
            LOG.error("http request failed method={} path={}", exchange.getRequestMethod(), uri.getPath(), e);
            response = new Response(500, Map.of("error", e.toString()));
        }
        byte[] out = response.body() instanceof RawJson raw ? raw.json().getBytes(StandardCharsets.UTF_8)
                : ContractJson.mapper().writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private Route find(String method, String path) {
        Route best = null;
        int bestLength = -1;
        for (Map.Entry<String, Route> e : routes.entrySet()) {
            String prefix = e.getKey().substring(e.getKey().indexOf(' ') + 1);
            if (e.getKey().startsWith(method + " ") && path.startsWith(prefix) && prefix.length() > bestLength) {
                best = e.getValue();
                bestLength = prefix.length();
            }
        }
        return best;
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
            }
        }
        return q;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The path segments after {@code prefix}, e.g. {@code /orders/o1} with {@code /orders/} gives [o1]. */
    public static List<String> segments(String path, String prefix) {
        String rest = path.substring(prefix.length());
        return rest.isEmpty() ? List.of() : List.of(rest.split("/"));
    }

    @Override
    public void close() {
        server.close();
    }
}
