package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.SubQueue;

/** Failure behaviour of the local broker itself (always runs against a local broker). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The local broker under failures")
class BrokerResilienceIT {

    private static final String QUEUE = "resilience";

    private LocalServiceBus bus;
    private ServiceBusTarget target;

    @BeforeAll
    void start() {
        bus = LocalServiceBus.builder().topology(ServiceBusTarget.topology()).start();
        target = ServiceBusTarget.local(bus);
    }

    @BeforeEach
    void empty() {
        bus.purge(QUEUE);
        bus.purge(QUEUE + "/$deadletterqueue");
    }

    @AfterAll
    void stop() {
        bus.close();
    }

    @Test
    @DisplayName("a client that disconnects mid-delivery loses its locks; the messages are delivered again")
    void disconnectMidDelivery() {
        // given: three messages delivered, not settled
        try (ServiceBusSenderClient sender = target.client().sender().queueName(QUEUE).buildClient()) {
            for (int i = 0; i < 3; i++) {
                sender.sendMessage(new ServiceBusMessage("d" + i));
            }
        }
        ServiceBusReceiverClient first = target.client().receiver().queueName(QUEUE)
                .maxAutoLockRenewDuration(Duration.ZERO).buildClient();
        List<ServiceBusReceivedMessage> held = Receiving.collect(first, 3, m -> true, false);

        // when: the client goes away without settling
        first.close();

        // then
        try (ServiceBusReceiverClient second = target.client().receiver().queueName(QUEUE).buildClient()) {
            List<ServiceBusReceivedMessage> again = Receiving.collect(second, 3, m -> true, true);
            assertEquals(3, again.size());
            assertTrue(again.stream().allMatch(m -> m.getDeliveryCount() >= 1), "redeliveries are counted");
            assertEquals(3, held.size());
        }
    }

    @Test
    @DisplayName("a malformed frame closes that connection only")
    void malformedFrame() throws Exception {
        try (ServiceBusSenderClient sender = target.client().sender().queueName(QUEUE).buildClient();
                ServiceBusReceiverClient receiver = target.client().receiver().queueName(QUEUE).buildClient()) {
            sender.sendMessage(new ServiceBusMessage("before"));

            // when: a raw socket sends the AMQP header, then a frame whose data offset is invalid
            assertClosedByBroker(new byte[] {'A', 'M', 'Q', 'P', 0, 1, 0, 0, 0, 0, 0, 8, 1, 0, 0, 0});
            // and another sends no AMQP header at all
            assertClosedByBroker("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            // then: the established client keeps working
            sender.sendMessage(new ServiceBusMessage("after"));
            List<ServiceBusReceivedMessage> received = Receiving.collect(receiver, 2, m -> true, true);
            assertEquals(Set.of("before", "after"), Set.of(received.get(0).getBody().toString(),
                    received.get(1).getBody().toString()));
        }
    }

    private void assertClosedByBroker(byte[] bytes) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", bus.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[1024];
            try {
                while (in.read(buffer) >= 0) {
                    // the broker may answer (protocol header, close frame) before it closes
                }
            } catch (SocketTimeoutException notClosed) {
                throw new AssertionError("The broker did not close the connection within 30 s");
            } catch (java.net.SocketException reset) {
                // a reset is a close too
            }
        }
    }

    @Test
    @DisplayName("stopped for a while under load and restarted on the same port, no accepted message is lost")
    void restartUnderLoad() throws Exception {
        // given: a sender sending 600 distinct messages, retrying each until the broker acknowledges it
        int total = 600;
        int port = bus.port();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean failed = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            try (ServiceBusSenderClient sender = target.client().sender().queueName(QUEUE).buildClient()) {
                for (int i = 0; i < total; i++) {
                    String id = "load-" + i;
                    sendUntilAcknowledged(sender, id);
                    acknowledged.add(id);
                }
            } catch (RuntimeException e) {
                failed.set(true);
            }
        });
        producer.start();

        // when: the network goes down mid-way and comes back
        Await.until("a third of the messages acknowledged", () -> acknowledged.size() >= total / 3);
        bus.stopNetwork();
        Thread.sleep(1_000); // the outage itself, not a wait for a result
        bus.startNetwork();
        Await.until("all messages acknowledged (" + acknowledged.size() + ")", () -> acknowledged.size() == total);
        producer.join(60_000);

        // then
        assertEquals(port, bus.port());
        Set<String> received = ConcurrentHashMap.newKeySet();
        try (ServiceBusReceiverClient receiver = target.client().receiver().queueName(QUEUE).buildClient()) {
            Await.until("every acknowledged message received (" + received.size() + ")", () -> {
                for (ServiceBusReceivedMessage m : receiver.receiveMessages(200, Duration.ofMillis(500))) {
                    received.add(m.getMessageId());
                    receiver.complete(m);
                }
                return received.containsAll(acknowledged);
            });
        }
        assertTrue(!failed.get());
    }

    @Test
    @DisplayName("stopped and started again at once, with clients connected, it listens on the same port")
    void restartAtOnce() throws Exception {
        int port = bus.port();
        for (int round = 0; round < 20; round++) {
            try (Socket client = new Socket("127.0.0.1", port)) {
                Await.until("the client's connection accepted", () -> bus.openConnections() >= 1);
                bus.stopNetwork();
                bus.startNetwork();
            }
            assertEquals(port, bus.port());
            try (Socket again = new Socket("127.0.0.1", port)) {
                assertTrue(again.isConnected(), "round " + round);
            }
        }
    }

    private static void sendUntilAcknowledged(ServiceBusSenderClient sender, String id) {
        AtomicInteger attempts = new AtomicInteger();
        while (true) {
            try {
                sender.sendMessage(new ServiceBusMessage(id).setMessageId(id));
                return;
            } catch (RuntimeException brokerDown) {
                if (attempts.incrementAndGet() > 50) {
                    throw brokerDown;
                }
            }
        }
    }

    @Test
    @DisplayName("expiring an entity's messages dead-letters them with TTLExpiredException")
    void expireMessages() {
        // given
        String run = UUID.randomUUID().toString();
        try (ServiceBusSenderClient sender = target.client().sender().queueName(QUEUE).buildClient()) {
            for (int i = 0; i < 4; i++) {
                sender.sendMessage(new ServiceBusMessage(run + i));
            }
        }

        // when
        int expired = bus.expireMessages(QUEUE);

        // then
        assertEquals(4, expired);
        EntityCounts counts = bus.counts(QUEUE);
        assertEquals(0, counts.activeMessages());
        assertEquals(4, counts.deadLetterMessages());
        try (ServiceBusReceiverClient dlq = target.client().receiver().queueName(QUEUE)
                .subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient()) {
            ServiceBusReceivedMessage dead = Receiving.one(dlq, m -> m.getBody().toString().startsWith(run));
            assertEquals("TTLExpiredException", dead.getDeadLetterReason());
        }
    }
}
