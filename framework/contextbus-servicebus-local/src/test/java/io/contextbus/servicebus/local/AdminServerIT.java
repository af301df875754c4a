package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

import io.contextbus.servicebus.local.implementation.AdminServer;

@DisplayName("The admin port serves the entity counts and the open connections as JSON")
class AdminServerIT {

    @Test
    @DisplayName("GET /counts lists every entity with its counts")
    void counts() throws Exception {
        try (LocalServiceBus bus = LocalServiceBus.builder().topology(ServiceBusTarget.topology()).start();
                AdminServer admin = AdminServer.start(0, bus::allCounts, bus::openConnections)) {
            // given
            try (ServiceBusSenderClient sender = ServiceBusTarget.local(bus).client().sender().queueName("plain")
                    .buildClient()) {
                sender.sendMessage(new ServiceBusMessage("x"));
            }

            // when
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + admin.port() + "/counts")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("\"plain\":{\"activeMessages\":1,"), response.body());
            assertTrue(response.body().contains("\"orders.events/subscriptions/b\""), response.body());
        }
    }

    @Test
    @DisplayName("GET /connections answers the number of client connections open now")
    void openConnections() throws Exception {
        try (LocalServiceBus bus = LocalServiceBus.builder().topology(ServiceBusTarget.topology()).start();
                AdminServer admin = AdminServer.start(0, bus::allCounts, bus::openConnections)) {
            // given: two connections, one still in its handshake
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + admin.port() + "/connections");
            assertEquals("{\"openConnections\":0}", get(http, uri).body());
            try (Socket handshaking = new Socket("127.0.0.1", bus.port());
                    ServiceBusSenderClient sender = ServiceBusTarget.local(bus).client().sender().queueName("plain")
                            .buildClient()) {
                sender.sendMessage(new ServiceBusMessage("x"));
                Await.until("both connections accepted", () -> bus.openConnections() == 2);

                // when
                HttpResponse<String> response = get(http, uri);

                // then
                assertEquals(200, response.statusCode());
                assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
                assertEquals("{\"openConnections\":2}", response.body());
            }
            Await.until("the connections closed", () -> bus.openConnections() == 0);
            assertEquals("{\"openConnections\":0}", get(http, uri).body());
        }
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
