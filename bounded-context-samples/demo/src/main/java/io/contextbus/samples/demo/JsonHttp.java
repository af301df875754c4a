package io.contextbus.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.samples.common.contracts.ContractJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The demo's HTTP client for the local services: JSON in, JSON out, non-2xx is an exception.
 *
 * <p>Blocking {@link HttpURLConnection} with keep-alive, on the calling thread: the JDK's
 * {@code java.net.http.HttpClient} hands every request to its selector thread and back through its
 * worker pool, and with 64 clients placing orders that made the demo's own JVM the largest user of
 * CPU on the 2-core machine while placing (more than ordering's request threads; JFR,
 * docs/benchmarks-log.md). The JDK keeps at most {@code http.maxConnections} idle connections per
 * server (5 by default, so 59 of 64 clients would open a new connection per order): it is raised to
 * {@link #KEPT_CONNECTIONS} unless given on the command line.
 */
public final class JsonHttp {
    /** Idle keep-alive connections kept per server: one per client at most. */
    static final int KEPT_CONNECTIONS = DemoOptions.MAX_CLIENTS;
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    static {
        // Read once per JVM, when the JDK first keeps a connection; the demo makes no HTTP call before this class.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(KEPT_CONNECTIONS));
        }
    }

    /** The service answered with an error status. */
    public static final class HttpStatusException extends IOException {
        public final int status;

        HttpStatusException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public JsonNode get(String url) throws IOException, InterruptedException {
        return send("GET", url, null);
    }

    public JsonNode post(String url, Object body) throws IOException, InterruptedException {
        return send("POST", url, body == null ? new byte[0] : ContractJson.mapper().writeValueAsBytes(body));
    }

    private JsonNode send(String method, String url, byte[] body) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException(method + " " + url + " interrupted");
        }
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        c.setUseCaches(false);
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        // Read to the end and close, so that the connection goes back to the keep-alive cache.
        byte[] response;
        try (InputStream in = status / 100 == 2 ? c.getInputStream() : c.getErrorStream()) {
            response = in == null ? new byte[0] : in.readAllBytes();
        }
        if (status / 100 != 2) {
            throw new HttpStatusException(status, method + " " + url + " answered " + status + ": "
                    + new String(response, StandardCharsets.UTF_8));
        }
        return ContractJson.mapper().readTree(response);
    }
}
