package io.contextbus.samples.shipping.service;

import io.contextbus.propagation.PropagationSink;
import io.contextbus.samples.common.contracts.ContractJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The carrier's HTTP endpoint: {@code PUT <carrier>/shipments/<shipmentId>} with the shipment's latest
 * {@link CarrierStatus}. Any answer other than 2xx is a failure the propagation retries.
 *
 * <p>A blocking {@link HttpURLConnection} (kept alive) on the propagation's push thread: the JDK's
 * {@code java.net.http.HttpClient} handed each call to its selector thread and back through its
 * worker pool, twice the push thread's own CPU per call while the demo places orders on 2 cores.
 */
final class CarrierSink implements PropagationSink<CarrierStatus> {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final URI base;

    CarrierSink(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    }

    @Override
    public void push(String shipmentId, long version, CarrierStatus status) throws IOException, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("push of shipment " + shipmentId + " interrupted");
        }
        byte[] body = ContractJson.write(status).getBytes(StandardCharsets.UTF_8);
        HttpURLConnection c = (HttpURLConnection) base.resolve("shipments/"
                + URLEncoder.encode(shipmentId, StandardCharsets.UTF_8)).toURL().openConnection();
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        c.setUseCaches(false);
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int code = c.getResponseCode();
        // Read to the end and close, so that the connection is kept for the next call.
        byte[] answer;
        try (InputStream in = code / 100 == 2 ? c.getInputStream() : c.getErrorStream()) {
            answer = in == null ? new byte[0] : in.readAllBytes();
        }
        if (code / 100 != 2) {
            throw new IOException("The carrier answered " + code + " to shipment " + shipmentId
                    + " version " + version + ": " + new String(answer, StandardCharsets.UTF_8));
        }
    }
}
