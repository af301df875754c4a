package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Sending and receiving with the official SDK")
class SendAndReceiveIT {

    private ServiceBusTarget target;

    @BeforeAll
    void start() {
        target = ServiceBusTarget.start(getClass().getSimpleName());
        Receiving.drain(target, "plain");
    }

    @AfterAll
    void stop() {
        target.close();
    }

    @Test
    @DisplayName("a single message is received with its properties, broker annotations and a lock")
    void singleSend() {
        String id = UUID.randomUUID().toString();
        try (ServiceBusSenderClient sender = target.client().sender().queueName("plain").buildClient();
                ServiceBusReceiverClient receiver = target.client().receiver().queueName("plain").buildClient()) {
            // given
            ServiceBusMessage message = new ServiceBusMessage("{\"a\":1}").setMessageId(id)
                    .setContentType("application/json").setSubject("Created").setCorrelationId("corr-1");
            message.getApplicationProperties().put("cb_seq", 7L);

            // when
            sender.sendMessage(message);
            ServiceBusReceivedMessage received = Receiving.one(receiver, m -> id.equals(m.getMessageId()));

            // then
            assertEquals("{\"a\":1}", received.getBody().toString());
            assertEquals("application/json", received.getContentType());
            assertEquals("Created", received.getSubject());
            assertEquals("corr-1", received.getCorrelationId());
            assertEquals(7L, received.getApplicationProperties().get("cb_seq"));
            assertEquals(0, received.getDeliveryCount());
            assertTrue(received.getSequenceNumber() > 0);
            assertNotNull(received.getEnqueuedTime());
            assertNotNull(received.getLockedUntil());
            assertNotNull(received.getLockToken());
            receiver.complete(received);
        }
    }

    @Test
    @DisplayName("a batch arrives whole and in order")
    void batchSend() {
        String run = UUID.randomUUID().toString();
        try (ServiceBusSenderClient sender = target.client().sender().queueName("plain").buildClient();
                ServiceBusReceiverClient receiver = target.client().receiver().queueName("plain").buildClient()) {
            // given
            ServiceBusMessageBatch batch = sender.createMessageBatch();
            for (int i = 0; i < 100; i++) {
                ServiceBusMessage message = new ServiceBusMessage("m" + i).setMessageId(run + ":" + i);
                message.getApplicationProperties().put("run", run);
                assertTrue(batch.tryAddMessage(message));
            }

            // when
            sender.sendMessages(batch);
            List<ServiceBusReceivedMessage> received = Receiving.collect(receiver, 100,
                    m -> run.equals(m.getApplicationProperties().get("run")), true);

            // then
            List<String> bodies = new ArrayList<>();
            received.forEach(m -> bodies.add(m.getBody().toString()));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                expected.add("m" + i);
            }
            assertEquals(expected, bodies);
        }
    }

    @Test
    @DisplayName("receive-and-delete removes messages without settlement")
    void receiveAndDelete() {
        String run = UUID.randomUUID().toString();
        try (ServiceBusSenderClient sender = target.client().sender().queueName("plain").buildClient();
                ServiceBusReceiverClient receiver = target.client().receiver().queueName("plain")
                        .receiveMode(ServiceBusReceiveMode.RECEIVE_AND_DELETE).buildClient()) {
            // given
            for (int i = 0; i < 5; i++) {
                ServiceBusMessage message = new ServiceBusMessage("r" + i);
                message.getApplicationProperties().put("run", run);
                sender.sendMessage(message);
            }

            // when
            List<ServiceBusReceivedMessage> received = Receiving.collect(receiver, 5,
                    m -> run.equals(m.getApplicationProperties().get("run")), false);

            // then
            assertEquals(5, received.size());
            if (target.isLocal()) {
                Await.until("'plain' is empty", () -> target.local().counts("plain").activeMessages() == 0);
            }
            assertTrue(receiver.peekMessages(10).stream()
                    .noneMatch(m -> run.equals(m.getApplicationProperties().get("run"))));
        }
    }

    @Test
    @DisplayName("sending to an entity that does not exist fails with 'entity not found'")
    void unknownEntity() {
        try (ServiceBusSenderClient sender = target.client().sender().queueName("no-such-queue").buildClient()) {
            // when
            ServiceBusException error = assertThrows(ServiceBusException.class,
                    () -> sender.sendMessage(new ServiceBusMessage("x")));

            // then
            assertEquals(ServiceBusFailureReason.MESSAGING_ENTITY_NOT_FOUND, error.getReason());
            assertFalse(error.isTransient());
        }
    }

    @Test
    @DisplayName("a message without SessionId to a session entity is refused, naming the SessionId")
    void missingSessionId() {
        try (ServiceBusSenderClient sender = target.client().sender().queueName("sessions").buildClient()) {
            // when
            RuntimeException error = assertThrows(RuntimeException.class,
                    () -> sender.sendMessage(new ServiceBusMessage("x")));

            // then
            assertTrue(Receiving.describe(error).contains("SessionId"), Receiving.describe(error));
        }
    }

    @Test
    @DisplayName("peek shows messages without locking them")
    void peek() {
        String run = UUID.randomUUID().toString();
        try (ServiceBusSenderClient sender = target.client().sender().queueName("plain").buildClient();
                ServiceBusReceiverClient receiver = target.client().receiver().queueName("plain").buildClient()) {
            // given
            ServiceBusMessage message = new ServiceBusMessage("peeked");
            message.getApplicationProperties().put("run", run);
            sender.sendMessage(message);

            // when
            Await.until("the message is peekable", () -> receiver.peekMessages(50).stream()
                    .anyMatch(m -> run.equals(m.getApplicationProperties().get("run"))));

            // then: still receivable
            ServiceBusReceivedMessage received = Receiving.one(receiver,
                    m -> run.equals(m.getApplicationProperties().get("run")));
            assertEquals("peeked", received.getBody().toString());
            receiver.complete(received);
        }
    }

    @Test
    @DisplayName("a scheduled message arrives at its time; a cancelled one never does")
    void scheduleAndCancel() {
        String run = UUID.randomUUID().toString();
        try (ServiceBusSenderClient sender = target.client().sender().queueName("plain").buildClient();
                ServiceBusReceiverClient receiver = target.client().receiver().queueName("plain").buildClient()) {
            // given
            OffsetDateTime at = OffsetDateTime.now().plusSeconds(2);
            ServiceBusMessage kept = new ServiceBusMessage("kept");
            kept.getApplicationProperties().put("run", run);
            ServiceBusMessage cancelled = new ServiceBusMessage("cancelled");
            cancelled.getApplicationProperties().put("run", run);

            // when
            long keptSequence = sender.scheduleMessage(kept, at);
            long cancelledSequence = sender.scheduleMessage(cancelled, at);
            sender.cancelScheduledMessage(cancelledSequence);

            // then
            ServiceBusReceivedMessage received = Receiving.one(receiver,
                    m -> run.equals(m.getApplicationProperties().get("run")));
            assertEquals("kept", received.getBody().toString());
            assertEquals(keptSequence, received.getSequenceNumber());
            assertTrue(!received.getEnqueuedTime().isBefore(at.minusSeconds(1)), "not delivered before its time");
            receiver.complete(received);
            assertTrue(receiver.receiveMessages(5, Duration.ofSeconds(3)).stream()
                    .noneMatch(m -> run.equals(m.getApplicationProperties().get("run"))));
        }
    }

    @Test
    @DisplayName("the local broker counts messages per entity")
    void counts() {
        if (!target.isLocal()) {
            return;
        }
        // given
        LocalServiceBus bus = target.local();
        long enqueuedBefore = bus.counts("plain").messagesEnqueued();
        long sentBefore = bus.messagesSent();

        // when
        try (ServiceBusSenderClient sender = target.client().sender().queueName("plain").buildClient()) {
            sender.sendMessage(new ServiceBusMessage("counted"));
        }

        // then
        assertEquals(enqueuedBefore + 1, bus.counts("plain").messagesEnqueued());
        assertEquals(sentBefore + 1, bus.messagesSent());
        Map<String, EntityCounts> all = bus.allCounts();
        assertTrue(all.containsKey("orders.events/subscriptions/a"), all.keySet().toString());
        assertTrue(bus.purge("plain") >= 1, "purge removes the counted message");
    }
}
