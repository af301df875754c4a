package io.contextbus.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.samples.common.contracts.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The demo's HTTP client for the local services: JSON in, JSON out, non-2xx is an exception. */
public final class JsonHttp {
    /** The service answered with an error status. */
    public static final class HttpStatusException extends IOException {
        public final int status;

        HttpStatusException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** HTTP/1.1 with keep-alive: the services' JDK server speaks nothing else, so no upgrade is offered. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public JsonNode get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public JsonNode post(String url, Object body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : ContractJson.write(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new HttpStatusException(r.statusCode(), r.request().method() + " " + r.uri() + " answered "
                    + r.statusCode() + ": " + r.body());
        }
        return ContractJson.mapper().readTree(r.body());
    }
}
