package io.contextbus.replay.service.implementation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.contextbus.error.ValidationException;
import io.contextbus.health.HealthReport;
import io.contextbus.implementation.BoundedHttpServer;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayJson;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.StreamHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API over the JDK's HTTP server: {@code POST/GET /replays}, {@code GET/DELETE
 * /replays/{id}}, {@code GET /replays/{id}/streams}, {@code GET /sources/{source}/heads} (the
 * reconciler's incremental read of a source's stream heads), {@code GET /status/data} (the status
 * page's figures), and, open, {@code GET /health} and the status page's static files. Every other
 * path needs the bearer token (401); unknown paths and ids are 404, other methods 405, bodies over
 * the limit 413, and bad input 400 with a JSON body naming the field. JSON in and out.
 */
final class HttpApi implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final String REPLAYS = "/replays";
    private static final String SOURCES = "/sources";
    private static final int DEFAULT_SOURCE_HEADS_LIMIT = 1_000;
    private static final int MAX_HEADS_PAGE = 1_000;
    private static final ObjectMapper HEALTH_JSON = new ObjectMapper();

    /** TCP_NODELAY, and the bounds that keep slow or idle clients from exhausting it (ADR 0038). */
    private final BoundedHttpServer server;
    private final ReplayOperations operations;
    private final SourceHeadsReader sourceHeads;
    private final BearerAuth auth;
    private final int maxBodyBytes;
    private final StatusService status;
    private final StatusPage page = new StatusPage();
    private final Supplier<HealthReport> health;

    HttpApi(InetSocketAddress address, ReplayOperations operations, StatusService status, SourceHeadsReader sourceHeads,
            BearerAuth auth, int maxBodyBytes, int threads, Supplier<HealthReport> health) throws IOException {
        this.health = health;
        this.operations = operations;
        this.status = status;
        this.sourceHeads = sourceHeads;
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
        this.server = BoundedHttpServer.create(address, 64, threads, "replay-http");
        server.server().createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.port();
    }

    private void handle(HttpExchange x) throws IOException {
        // Not try-with-resources: the exchange must stay open while an error answer is written.
        try {
            route(x);
        } catch (ValidationException e) {
            send(x, 400, ReplayJson.writeError("validation", Optional.ofNullable(e.field()), e.getMessage()));
        } catch (BodyTooLargeException e) {
            // The connection cannot carry another request after a refused body.
            x.getResponseHeaders().set("Connection", "close");
            send(x, 413, ReplayJson.writeError("body-too-large", Optional.of("body"),
                    "'body' must be at most " + maxBodyBytes + " bytes."));
        } catch (RuntimeException e) {
            LOG.error("request failed method={} path={} error=\"{}\"", x.getRequestMethod(), x.getRequestURI().getPath(), e.toString(), e);
            send(x, 500, ReplayJson.writeError("internal", Optional.empty(), "The request failed: " + e.getClass().getSimpleName()));
        } finally {
            x.close();
        }
    }

    private void route(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        if (path.equals("/health")) {
            if (allow(x, method, "GET")) {
                HealthReport report = health.get();
                send(x, report.isUp() ? 200 : 503, HEALTH_JSON.writeValueAsString(report.toMap()));
            }
            return;
        }
        if (StatusPage.serves(path)) {
            if (allow(x, method, "GET")) {
                page.send(x, path);
            }
            return;
        }
        if (!auth.accepts(x.getRequestHeaders().getFirst("Authorization"))) {
            x.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"contextbus-replay\"");
            send(x, 401, ReplayJson.writeError("unauthorized", Optional.empty(), "A valid bearer token is required."));
            return;
        }
        String[] parts = path.split("/", -1);
        if (path.equals(StatusPage.DATA)) {
            if (allow(x, method, "GET")) {
                x.getResponseHeaders().set("Cache-Control", "no-store");
                send(x, 200, StatusJson.write(status.snapshot()));
            }
        } else if (path.equals(REPLAYS) || path.equals(REPLAYS + "/")) {
            if (allow(x, method, "GET", "POST")) {
                if (method.equals("POST")) {
                    submit(x);
                } else {
                    send(x, 200, ReplayJson.writeStatuses(operations.list()));
                }
            }
        } else if (parts.length == 3 && path.startsWith(REPLAYS + "/") && !parts[2].isEmpty()) {
            if (allow(x, method, "GET", "DELETE")) {
                Optional<ReplayStatus> s = method.equals("GET") ? operations.status(parts[2]) : operations.cancel(parts[2]);
                sendStatus(x, parts[2], s);
            }
        } else if (parts.length == 4 && path.startsWith(REPLAYS + "/") && parts[3].equals("streams")) {
            if (allow(x, method, "GET")) {
                heads(x, parts[2]);
            }
        } else if (parts.length == 4 && path.startsWith(SOURCES + "/") && parts[3].equals("heads")) {
            if (allow(x, method, "GET")) {
                sourceHeads(x, parts[2]);
            }
        } else {
            send(x, 404, ReplayJson.writeError("not-found", Optional.empty(), "No resource at '" + path + "'."));
        }
    }

    private void submit(HttpExchange x) throws IOException {
        ReplayStatus s = operations.submit(ReplayJson.readRequest(body(x)));
        x.getResponseHeaders().set("Location", REPLAYS + "/" + s.id());
        send(x, 202, ReplayJson.writeStatus(s));
    }

    private void heads(HttpExchange x, String id) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        String rawSource = q.get("source");
        ValidationException.requireNonNull(rawSource, "source");
        ContextName source;
        try {
            source = ContextName.of(rawSource);
        } catch (ValidationException e) {
            throw new ValidationException("source", "'source' " + e.getMessage().substring("'context' ".length()));
        }
        int limit = 500;
        if (q.containsKey("limit")) {
            try {
                limit = Integer.parseInt(q.get("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            ValidationException.require(limit >= 1 && limit <= MAX_HEADS_PAGE, "limit", "must be an integer from 1 to " + MAX_HEADS_PAGE + ".");
        }
        Optional<StreamId> after = Optional.ofNullable(q.get("after")).map(a -> {
            StreamId.validate(a, "after");
            return StreamId.of(a);
        });
        Optional<List<StreamHead>> heads = operations.heads(id, source, after, limit);
        if (heads.isEmpty()) {
            notFound(x, id);
            return;
        }
        List<StreamHead> page = heads.get();
        Optional<StreamId> next = page.size() == limit ? Optional.of(page.get(page.size() - 1).streamId()) : Optional.empty();
        send(x, 200, ReplayJson.writeHeads(page, next));
    }

    /** {@code GET /sources/{source}/heads?after=<position>&limit=<commits>}: one page of changed streams' heads. */
    private void sourceHeads(HttpExchange x, String rawSource) throws IOException {
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        ContextName source = source(rawSource);
        int limit = DEFAULT_SOURCE_HEADS_LIMIT;
        if (q.containsKey("limit")) {
            limit = limit(q.get("limit"), SourceHeadsReader.MAX_LIMIT);
        }
        Position after = new Position(q.getOrDefault("after", ""));
        send(x, 200, ReplayJson.writeSourceHeads(sourceHeads.read(source, after, limit)));
    }

    private static ContextName source(String raw) {
        try {
            return ContextName.of(raw);
        } catch (ValidationException e) {
            throw new ValidationException("source", "'source' " + e.getMessage().substring("'context' ".length()));
        }
    }

    private static int limit(String raw, int max) {
        int limit;
        try {
            limit = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        ValidationException.require(limit >= 1 && limit <= max, "limit", "must be an integer from 1 to " + max + ".");
        return limit;
    }

    private void sendStatus(HttpExchange x, String id, Optional<ReplayStatus> s) throws IOException {
        if (s.isPresent()) {
            send(x, 200, ReplayJson.writeStatus(s.get()));
        } else {
            notFound(x, id);
        }
    }

    private void notFound(HttpExchange x, String id) throws IOException {
        send(x, 404, ReplayJson.writeError("not-found", Optional.of("id"), "No replay with id '" + id + "'."));
    }

    private boolean allow(HttpExchange x, String method, String... allowed) throws IOException {
        for (String a : allowed) {
            if (a.equals(method)) {
                return true;
            }
        }
        x.getResponseHeaders().set("Allow", String.join(", ", allowed));
        send(x, 405, ReplayJson.writeError("method-not-allowed", Optional.empty(),
                "Method " + method + " is not allowed here; use " + String.join(" or ", allowed) + "."));
        return false;
    }

    private String body(HttpExchange x) throws IOException {
        String length = x.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > maxBodyBytes) {
                    drain(x);
                    throw new BodyTooLargeException();
                }
            } catch (NumberFormatException e) {
                throw new ValidationException("Content-Length", "'Content-Length' must be a number.");
            }
        }
        try (InputStream in = x.getRequestBody()) {
            byte[] bytes = in.readNBytes(maxBodyBytes + 1);
            if (bytes.length > maxBodyBytes) {
                drain(x);
                throw new BodyTooLargeException();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads and drops the rest of a refused body, up to a bound, so that the client has sent it
     * all before the 413 arrives: answering while it is still sending makes its socket see a
     * reset instead of the answer. A body past the bound is cut off.
     */
    private void drain(HttpExchange x) throws IOException {
        long bound = 16L * maxBodyBytes;
        try (InputStream in = x.getRequestBody()) {
            byte[] sink = new byte[8192];
            long total = 0;
            int n;
            while (total < bound && (n = in.read(sink)) > 0) {
                total += n;
            }
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void send(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The request body is over the configured limit. */
    private static final class BodyTooLargeException extends RuntimeException {
        BodyTooLargeException() {
            super(null, null, false, false);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
