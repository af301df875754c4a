package io.contextbus.replay.service.implementation;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The status page's static files ({@code /status}, {@code /status/status.css},
 * {@code /status/status.js}), served from the jar's resources without authentication: they hold no
 * data (ADR 0033). The script reads {@code /status/data} with the bearer token the operator gives.
 * The headers forbid inline script, other origins, framing and caching of a stale page.
 */
final class StatusPage {
    static final String PAGE = "/status";
    static final String DATA = "/status/data";
    private static final String BASE = "/io/contextbus/replay/service/status/";
    private static final Map<String, String[]> FILES = Map.of(
            PAGE, new String[]{"index.html", "text/html; charset=utf-8"},
            PAGE + "/", new String[]{"index.html", "text/html; charset=utf-8"},
            PAGE + "/status.css", new String[]{"status.css", "text/css; charset=utf-8"},
            PAGE + "/status.js", new String[]{"status.js", "text/javascript; charset=utf-8"});
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
            + " img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final Map<String, byte[]> content;

    StatusPage() {
        this.content = Map.of("index.html", load("index.html"), "status.css", load("status.css"),
                "status.js", load("status.js"));
    }

    private static byte[] load(String name) {
        try (InputStream in = StatusPage.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                throw new IllegalStateException("status page resource missing: " + BASE + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code path} is one of the page's files. */
    static boolean serves(String path) {
        return FILES.containsKey(path);
    }

    void send(HttpExchange x, String path) throws IOException {
        String[] file = FILES.get(path);
        byte[] bytes = content.get(file[0]);
        x.getResponseHeaders().set("Content-Type", file[1]);
        x.getResponseHeaders().set("Content-Security-Policy", CSP);
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        x.getResponseHeaders().set("X-Frame-Options", "DENY");
        x.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }
}
