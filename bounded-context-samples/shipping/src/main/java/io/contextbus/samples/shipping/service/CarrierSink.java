package io.contextbus.samples.shipping.service;

import io.contextbus.propagation.PropagationSink;
import io.contextbus.samples.common.contracts.ContractJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The carrier's HTTP endpoint: {@code PUT <carrier>/shipments/<shipmentId>} with the shipment's latest
 * {@link CarrierStatus}. Any answer other than 2xx is a failure the propagation retries.
 */
final class CarrierSink implements PropagationSink<CarrierStatus> {
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    CarrierSink(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    @Override
    public void push(String shipmentId, long version, CarrierStatus status) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("shipments/" + URLEncoder.encode(shipmentId, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(ContractJson.write(status)))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("The carrier answered " + response.statusCode() + " to shipment " + shipmentId
                    + " version " + version + ": " + response.body());
        }
    }
}
