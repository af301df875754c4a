package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/**
 * The queue 'dedupe' has a 20 s window (the service minimum). Against the local broker the test moves
 * the broker's clock past the window instead of waiting; against a real namespace it resends until
 * the window has passed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Duplicate detection by MessageId within the window")
class DuplicateDetectionIT {

    private static final String QUEUE = "dedupe";

    private ServiceBusTarget target;
    private ServiceBusSenderClient sender;
    private ServiceBusReceiverClient receiver;

    @BeforeAll
    void start() {
        target = ServiceBusTarget.start(getClass().getSimpleName());
        Receiving.drain(target, QUEUE);
        sender = target.client().sender().queueName(QUEUE).buildClient();
        receiver = target.client().receiver().queueName(QUEUE).buildClient();
    }

    @AfterAll
    void stop() {
        sender.close();
        receiver.close();
        target.close();
    }

    @Test
    @DisplayName("a resend inside the window is accepted and dropped; after the window it is delivered")
    void duplicatesDroppedInsideWindowOnly() {
        // given
        String id = "commit-" + UUID.randomUUID();
        sender.sendMessage(new ServiceBusMessage("first").setMessageId(id));

        // when: resent inside the window, alone and inside a batch with a new message
        sender.sendMessage(new ServiceBusMessage("again").setMessageId(id));
        ServiceBusMessageBatch batch = sender.createMessageBatch();
        batch.tryAddMessage(new ServiceBusMessage("again-in-batch").setMessageId(id));
        batch.tryAddMessage(new ServiceBusMessage("other").setMessageId(id + "-other"));
        sender.sendMessages(batch);

        // then
        List<String> inside = receiveAll(id, 2);
        assertEquals(List.of("first", "other"), inside);
        if (target.isLocal()) {
            assertEquals(2, target.local().counts(QUEUE).duplicatesDropped());
        }

        // when: the window has passed
        target.advanceClock(Duration.ofSeconds(25));
        List<String> after = new ArrayList<>();
        Await.until("a resend after the window is delivered", Duration.ofSeconds(90), () -> {
            sender.sendMessage(new ServiceBusMessage("after-window").setMessageId(id));
            for (ServiceBusReceivedMessage m : receiver.receiveMessages(5, Duration.ofSeconds(1))) {
                after.add(m.getBody().toString());
                receiver.complete(m);
            }
            return !after.isEmpty();
        });

        // then
        assertEquals("after-window", after.get(0));
    }

    private List<String> receiveAll(String idPrefix, int expected) {
        List<String> bodies = new ArrayList<>();
        Await.until(expected + " messages", () -> {
            for (ServiceBusReceivedMessage m : receiver.receiveMessages(10, Duration.ofMillis(500))) {
                if (m.getMessageId().startsWith(idPrefix)) {
                    bodies.add(m.getBody().toString());
                }
                receiver.complete(m);
            }
            return bodies.size() >= expected;
        });
        receiver.receiveMessages(10, Duration.ofSeconds(1)).forEach(m -> {
            bodies.add(m.getBody().toString());
            receiver.complete(m);
        });
        return bodies;
    }
}
