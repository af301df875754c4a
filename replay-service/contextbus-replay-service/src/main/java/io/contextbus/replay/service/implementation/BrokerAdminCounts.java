package io.contextbus.replay.service.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.error.ValidationException;
import io.contextbus.replay.service.DeadLetterCounts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letter counts from the local broker's admin HTTP view ({@code GET /counts}). A failed read
 * makes every count unknown for that refresh (logged once per failure streak), never zero.
 */
public final class BrokerAdminCounts implements DeadLetterCounts {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAdminCounts.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private volatile boolean failing;

    public BrokerAdminCounts(URI url) {
        ValidationException.require("http".equals(url.getScheme()) && isLoopback(url.getHost()), "countsUrl",
                "must be an http URL on a loopback address (the local broker's admin view) but was '" + url + "'.");
        this.url = url;
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        try {
            return host.equals("localhost") || InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public Map<String, OptionalLong> deadLettered() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
            Map<String, OptionalLong> counts = parse(r.body());
            failing = false;
            return counts;
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("dead-letter counts unavailable url={} error=\"{}\"", url, e.toString());
            }
            failing = true;
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    /** The admin view's JSON, entity path to counts; entities without a numeric dead-letter count are left out. */
    static Map<String, OptionalLong> parse(String body) throws IOException {
        JsonNode root = JSON.readTree(body);
        Map<String, OptionalLong> counts = new HashMap<>();
        if (root != null && root.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue().get("deadLetterMessages");
                if (n != null && n.canConvertToLong()) {
                    counts.put(e.getKey(), OptionalLong.of(n.asLong()));
                }
            }
        }
        return counts;
    }

    @Override
    public String description() {
        return "local broker admin view " + url;
    }
}
