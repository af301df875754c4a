package io.contextbus.emulatortests;

import static io.contextbus.emulatortests.SystemContexts.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.SubQueue;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.DeadLetterReason;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 7: a message billing cannot read (a body that is not JSON) is dead-lettered by the broker
 * with {@code DeadLetterReason} and {@code DeadLetterErrorDescription}; a readable commit billing
 * cannot apply (an event type it neither handles nor ignores) parks its stream with the reason;
 * another stream keeps flowing.
 */
@DisplayName("System: bad input is dead-lettered or parked with its reason")
@ExtendWith(TargetAvailable.class)
class DeadLetterSystemIT {
    private static final String UNKNOWN_TYPE = "OrderExploded";

    @TempDir
    Path dir;
    private SystemContexts system;

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void an_unreadable_message_is_dead_lettered_and_an_unknown_type_parks_while_other_streams_flow() {
        system = new SystemContexts(SystemTarget.get(), dir);
        String poison = system.target.stream("poison");
        String healthy = system.target.stream("healthy");
        String garbled = system.target.stream("garbled");
        system.store(ORDERS).append(new CommitAttempt(StreamId.of(poison), 1, 1, UUID.randomUUID(), Instant.now(),
                Map.of(), List.of(EventMessage.of(UNKNOWN_TYPE, 1, "{}"))));
        system.append(List.of(healthy), 3);
        AppliedLog log = system.billingLog();
        ContextBus billing = system.billing(log, b -> b);
        CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
        ServiceBusSenderClient sender = system.sender();

        sender.sendMessage(messages.live(ORDERS, system.stored(poison, 1)));
        ServiceBusMessage valid = messages.live(ORDERS, system.stored(healthy, 1));
        ServiceBusMessage notJson = new ServiceBusMessage("{not json".getBytes(StandardCharsets.UTF_8))
                .setMessageId(garbled + ":1").setSessionId(garbled);
        notJson.getApplicationProperties().putAll(valid.getApplicationProperties());
        notJson.getApplicationProperties().put("cb_stream", garbled);
        sender.sendMessage(notJson);
        for (long seq = 1; seq <= 3; seq++) {
            sender.sendMessage(messages.live(ORDERS, system.stored(healthy, seq)));
        }

        Await.until(() -> log.of(healthy).size() == 3, SystemContexts.PATIENCE, "billing applied " + healthy);
        assertEquals(List.of(1L, 2L, 3L), log.of(healthy), "the healthy stream's applies");
        ServiceBusReceivedMessage dead = deadLettered(garbled + ":1");
        assertEquals(DeadLetterReason.UNDECODABLE_BODY.value(), dead.getDeadLetterReason(),
                "DeadLetterReason of " + garbled + ":1");
        assertTrue(dead.getDeadLetterErrorDescription() != null && dead.getDeadLetterErrorDescription().contains("JSON"),
                "DeadLetterErrorDescription says why: " + dead.getDeadLetterErrorDescription());
        StreamHold parked = Await.value(() -> billing.heldStreams().orElseThrow().parked().stream()
                .filter(h -> h.streamId().value().equals(poison)).findFirst(), SystemContexts.PATIENCE, poison + " parked");
        assertTrue(parked.reason().contains(UNKNOWN_TYPE), "the reason names the type: " + parked.reason());
        assertEquals(List.of(), log.of(poison), "the poison commit was not applied");
    }

    /** Reads billing's dead-letter queue until the message with {@code messageId} shows. */
    private ServiceBusReceivedMessage deadLettered(String messageId) {
        try (ServiceBusReceiverClient dlq = system.target.client().receiver().topicName(SystemContexts.TOPIC)
                .subscriptionName(SystemContexts.BILLING.value()).subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient()) {
            long deadline = System.nanoTime() + SystemContexts.PATIENCE.toNanos();
            while (System.nanoTime() < deadline) {
                for (ServiceBusReceivedMessage m : dlq.receiveMessages(50, Duration.ofSeconds(2))) {
                    dlq.complete(m);
                    if (messageId.equals(m.getMessageId())) {
                        return m;
                    }
                }
            }
        }
        throw new AssertionError("'" + messageId + "' never reached billing's dead-letter queue within "
                + SystemContexts.PATIENCE + ": the consumer did not dead-letter it");
    }
}
