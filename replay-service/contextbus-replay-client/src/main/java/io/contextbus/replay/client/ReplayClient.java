package io.contextbus.replay.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayJson;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.SourceHeads;
import io.contextbus.replay.StreamHead;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client of the replay service's REST API, over the JDK's {@link HttpClient}. Every call is one
 * HTTP request with the bearer token; a refusal or a failure to answer becomes a
 * {@link ReplayClientException} that says whether a retry can help. Thread-safe.
 */
public final class ReplayClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    private ReplayClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client of the service at {@code baseUri} (e.g. {@code http://replay:8085}) using {@code token}. */
    public static ReplayClient create(URI baseUri, String token) {
        ValidationException.requireNonNull(baseUri, "baseUri");
        ValidationException.requireNonNull(token, "token");
        ValidationException.require(!token.isBlank(), "token", "cannot be blank.");
        String s = baseUri.toString();
        return new ReplayClient(URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s), token);
    }

    /** Starts a replay; returns its status as accepted (state QUEUED, or further along). */
    public ReplayStatus submit(ReplayRequest request) {
        ValidationException.requireNonNull(request, "request");
        HttpResponse<String> r = call(builder("/replays")
                .POST(HttpRequest.BodyPublishers.ofString(ReplayJson.writeRequest(request)))
                .header("Content-Type", "application/json"));
        return ReplayJson.readStatus(expect(r, 202));
    }

    /** The replay's status; empty when the service does not know the id. */
    public Optional<ReplayStatus> status(String id) {
        return optional(call(builder("/replays/" + encode(id)).GET())).map(ReplayJson::readStatus);
    }

    /** The service's most recent replays, newest first. */
    public List<ReplayStatus> list() {
        return ReplayJson.readStatuses(expect(call(builder("/replays").GET()), 200));
    }

    /** Cancels the replay; empty when the service does not know the id. */
    public Optional<ReplayStatus> cancel(String id) {
        return optional(call(builder("/replays/" + encode(id)).DELETE())).map(ReplayJson::readStatus);
    }

    /** Every stream the replay resends from {@code source}, with the last sequence it sends of each. */
    public List<StreamHead> heads(String id, ContextName source) {
        List<StreamHead> all = new ArrayList<>();
        Optional<StreamId> after = Optional.empty();
        do {
            String q = "?source=" + encode(source.value()) + "&limit=1000"
                    + after.map(a -> "&after=" + encode(a.value())).orElse("");
            ReplayJson.HeadsPage page = ReplayJson.readHeads(expect(call(builder("/replays/" + encode(id) + "/streams" + q).GET()), 200));
            all.addAll(page.heads());
            after = page.next();
        } while (after.isPresent());
        return all;
    }

    /**
     * One page of {@code source}'s stream heads: the streams with a commit among the (at most
     * {@code limit}) commits after {@code after} in its store, with their last commitSequence, and the
     * position the next page starts from. What the {@link Reconciler} reads.
     */
    public SourceHeads sourceHeads(ContextName source, Position after, int limit) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(after, "after");
        ValidationException.require(limit >= 1, "limit", "must be at least 1 but was " + limit + ".");
        String q = "?limit=" + limit + (after.isBeginning() ? "" : "&after=" + encode(after.token()));
        return ReplayJson.readSourceHeads(expect(call(builder("/sources/" + encode(source.value()) + "/heads" + q).GET()), 200));
    }

    private HttpRequest.Builder builder(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private HttpResponse<String> call(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ReplayClientException("The replay service did not answer " + built.method() + " " + built.uri()
                    + ": " + e, 0, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayClientException("Interrupted while calling the replay service", 0, null, e);
        }
    }

    private static Optional<String> optional(HttpResponse<String> r) {
        return r.statusCode() == 404 ? Optional.empty() : Optional.of(expect(r, 200));
    }

    private static String expect(HttpResponse<String> r, int status) {
        if (r.statusCode() == status) {
            return r.body();
        }
        String field = null;
        String message = r.body();
        try {
            JsonNode error = ReplayJson.readTree(r.body());
            field = error.hasNonNull("field") ? error.get("field").asText() : null;
            message = error.path("message").asText(message);
        } catch (ValidationException notJson) {
            // The body is not our error JSON (a proxy's page, say); keep it as the message.
        }
        throw new ReplayClientException("The replay service answered " + r.statusCode() + " to "
                + r.request().method() + " " + r.request().uri().getPath() + ": " + message, r.statusCode(), field, null);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
