package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.util.IterableStream;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.SubQueue;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Promise 7, bad input never wedges the system: a body that is not JSON and a missing {@code cb_*}
 * property end in the dead-letter queue with a reason and a description; a readable commit with an
 * unknown event type parks its stream in the inbox, and so does one whose handler always throws (a
 * transient failure), once its retries with backoff are spent (ADR 0042); the other sessions keep
 * flowing.
 */
@DisplayName("Promise 7: poison messages are dead-lettered or parked, the rest flows")
class PoisonMessagesIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int STREAMS = 100;
    private static final int COMMITS = 3;

    @RegisterExtension
    final LocalBusFixture bus = new LocalBusFixture();
    private ServiceBusSenderClient sender;
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());

    @BeforeEach
    void start() {
        sender = new ServiceBusClientBuilder().connectionString(bus.broker.connectionString()).sender()
                .topicName(ORDERING.topicName()).buildClient();
    }

    @AfterEach
    void stop() {
        sender.close();
    }

    private static Commit commit(String stream, String type) {
        return new Commit(StreamId.of(stream), 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of(type, 1, "{}")));
    }

    private Map<String, ServiceBusReceivedMessage> deadLetters(int expected) {
        Map<String, ServiceBusReceivedMessage> byId = new HashMap<>();
        try (ServiceBusReceiverClient dlq = new ServiceBusClientBuilder().connectionString(bus.broker.connectionString())
                .receiver().topicName(ORDERING.topicName()).subscriptionName(SHIPPING.value())
                .subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient()) {
            Await.until(() -> {
                IterableStream<ServiceBusReceivedMessage> batch = dlq.receiveMessages(10, Duration.ofSeconds(1));
                for (ServiceBusReceivedMessage m : batch) {
                    byId.put(m.getMessageId(), m);
                    dlq.complete(m);
                }
                return byId.size() >= expected;
            }, PATIENCE, expected + " dead-lettered messages (got " + byId.keySet() + ")");
        }
        return byId;
    }

    @Test
    void poison_ends_in_the_dead_letter_queue_with_a_reason_while_other_sessions_keep_flowing() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        ContextBus consumer = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, (e, ctx) -> {
            if (ctx.streamId().value().equals("cursed")) {
                throw new IllegalStateException("this handler always fails for 'cursed'");
            }
            return log.record(e, ctx);
        }).build(), b -> b);
        bus.publisher(FAST_DISPATCHER);

        ServiceBusMessage notJson = messages.live(ORDERING, commit("p-json", LocalBusFixture.EVENT_TYPE));
        ServiceBusMessage garbled = new ServiceBusMessage("{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .setMessageId(notJson.getMessageId()).setSessionId(notJson.getSessionId());
        garbled.getApplicationProperties().putAll(notJson.getApplicationProperties());
        ServiceBusMessage unknownType = messages.live(ORDERING, commit("p-type", "OrderTeleported"));
        ServiceBusMessage missingSeq = messages.live(ORDERING, commit("p-prop", LocalBusFixture.EVENT_TYPE));
        missingSeq.getApplicationProperties().remove(CommitMessages.SEQUENCE);
        sender.sendMessages(List.of(garbled, unknownType, missingSeq));
        bus.store(ORDERING).append(LocalBusFixture.attempt("cursed", 1));
        List<String> streams = LocalBusFixture.streams("order-", STREAMS);
        bus.appendAll(streams, COMMITS, 4);

        Map<String, ServiceBusReceivedMessage> dead = deadLetters(2);

        assertEquals("UndecodableBody", dead.get("p-json:1").getDeadLetterReason());
        assertTrue(dead.get("p-json:1").getDeadLetterErrorDescription().contains("not valid JSON"));
        Map<String, StreamHold> parked = new HashMap<>();
        Await.until(() -> {
            consumer.heldStreams().orElseThrow().parked().forEach(h -> parked.put(h.streamId().value(), h));
            return parked.size() >= 2;
        }, PATIENCE, () -> "the streams with the unknown event type and the failing handler parked: " + parked.keySet());
        assertEquals(java.util.Set.of("p-type", "cursed"), parked.keySet());
        assertTrue(parked.get("p-type").reason().contains("'OrderTeleported'"), parked.get("p-type").reason());
        assertTrue(parked.get("cursed").reason().contains("still failing after " + TransientRetry.DEFAULT.attempts()
                + " attempts") && parked.get("cursed").reason().contains("always fails"), parked.get("cursed").reason());
        assertEquals("MissingProperty", dead.get("p-prop:1").getDeadLetterReason());
        assertEquals("'cb_seq' is missing.", dead.get("p-prop:1").getDeadLetterErrorDescription());
        assertEquals(2, dead.size(), dead.keySet().toString());
        Await.until(() -> log.count() >= STREAMS * COMMITS, PATIENCE, "every good commit applied");
        log.assertEachOnceInOrder(streams, COMMITS);
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "the subscription drained: " + bus.broker.counts(SUBSCRIPTION));
    }
}
