package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static io.contextbus.servicebus.LocalBusFixture.SUBSCRIPTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import io.contextbus.error.ValidationException;
import io.contextbus.handler.Handlers;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.DeadLetterQueue;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dead letters listed, peeked, resubmitted and discarded through {@link DeadLetters}, on the local
 * broker: a commit dead-lettered with {@code MaxDeliveryCountExceeded} (here by a receiver, as the
 * broker does when a message keeps coming back: a handler that fails transiently no longer gets
 * there, it is retried with backoff and then parks its stream, ADR 0042) shows with its reason, the
 * consumer stashes the commit behind it, and a resubmit applies both, once and in order; a resubmit of a commit a replay already delivered is dropped by the inbox; a body
 * that is not a commit is refused with a typed error and can be discarded; a peeked body is bounded.
 */
@DisplayName("Dead letters: list, peek, resubmit once, discard")
class DeadLettersIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);

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

    /** Waits until the consumer's subscription holds {@code n} messages (published, none taken yet). */
    private void awaitActive(long n) {
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == n, PATIENCE,
                () -> n + " messages waiting: " + bus.broker.counts(SUBSCRIPTION));
    }

    /**
     * Takes the first message of {@code session} off the consumer's subscription and dead-letters it
     * with the reason the broker gives a message that reached its max delivery count; the session's
     * later messages stay.
     */
    private void deadLetterFirst(String session) {
        try (ServiceBusSessionReceiverClient sessions = new ServiceBusClientBuilder()
                .connectionString(bus.broker.connectionString()).sessionReceiver().topicName(ORDERING.topicName())
                .subscriptionName(SHIPPING.value()).buildClient();
                ServiceBusReceiverClient receiver = sessions.acceptSession(session)) {
            ServiceBusReceivedMessage first = receiver.receiveMessages(1, PATIENCE).stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no message in session " + session));
            assertEquals(session + ":1", first.getMessageId());
            receiver.deadLetter(first, new DeadLetterOptions().setDeadLetterReason("MaxDeliveryCountExceeded")
                    .setDeadLetterErrorDescription("delivered 10 times, never settled"));
        }
    }

    private static DeadLetter only(List<DeadLetter> all, String messageId) {
        return all.stream().filter(d -> d.messageId().equals(messageId)).findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter " + messageId + " in " + all));
    }

    @Test
    void a_fixed_commit_is_resubmitted_and_applied_once_in_order_and_a_non_commit_is_refused_then_discarded()
            throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        bus.publisher(FAST_DISPATCHER);
        List<String> cursed = List.of("cursed-a", "cursed-b");
        bus.appendAll(cursed, 2, 2);
        bus.appendAll(List.of("fine"), 2, 1);
        awaitActive(6);
        deadLetterFirst("cursed-a");
        deadLetterFirst("cursed-b");
        ContextBus consumer = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, log::record)
                .build(), b -> b);
        ServiceBusMessage template = messages.live(ORDERING, new Commit(StreamId.of("garbled"), 1, 1,
                UUID.randomUUID(), Instant.now(), Map.of(), List.of(EventMessage.of(LocalBusFixture.EVENT_TYPE, 1, "{}"))));
        ServiceBusMessage garbled = new ServiceBusMessage("{not json".getBytes(StandardCharsets.UTF_8))
                .setMessageId(template.getMessageId()).setSessionId(template.getSessionId());
        garbled.getApplicationProperties().putAll(template.getApplicationProperties());
        sender.sendMessage(garbled);
        ServiceBusMessage big = new ServiceBusMessage("x".repeat(DeadLetters.MAX_BODY_CHARS + 1000)
                .getBytes(StandardCharsets.UTF_8)).setMessageId("big:1").setSessionId("big");
        big.getApplicationProperties().putAll(template.getApplicationProperties());
        sender.sendMessage(big);
        DeadLetters deadLetters = consumer.deadLetters().orElseThrow();

        List<DeadLetter> listed = Await.value(() -> Optional.of(deadLetters.list("ordering", 0, 10).deadLetters())
                .filter(l -> l.size() == 4), PATIENCE, "two commits and two non-commits dead-lettered");
        DeadLetter a = only(listed, "cursed-a:1");
        DeadLetter b = only(listed, "cursed-b:1");
        DeadLetter bad = only(listed, "garbled:1");
        assertEquals(Optional.of("MaxDeliveryCountExceeded"), a.reason());
        assertEquals(new DeadLetter.Carried("cursed-a", 1, a.commit().orElseThrow().commitId()), a.commit().get());
        assertEquals(Optional.of("cursed-a"), a.sessionId());
        assertEquals(Optional.of("UndecodableBody"), bad.reason());
        assertFalse(bad.resubmittable());
        assertTrue(bad.unreadable().orElseThrow().startsWith("UndecodableBody"), bad.unreadable().toString());
        assertEquals(Optional.of("{not json"), deadLetters.peek("ordering", bad.sequenceNumber()).orElseThrow().body());
        assertTrue(deadLetters.peek("ordering", a.sequenceNumber()).orElseThrow().body().orElseThrow()
                .contains("\"cursed-a\""));
        String bigBody = deadLetters.peek("ordering", only(listed, "big:1").sequenceNumber()).orElseThrow().body()
                .orElseThrow();
        assertEquals("x".repeat(DeadLetters.MAX_BODY_CHARS) + "... (" + (DeadLetters.MAX_BODY_CHARS + 1000)
                + " bytes in all)", bigBody, "a peeked body is bounded");
        DeadLetters.Page first = deadLetters.list("ordering", 0, 3);
        assertEquals(3, first.deadLetters().size());
        DeadLetters.Page last = deadLetters.list("ordering", first.next().orElseThrow(), 3);
        assertEquals(1, last.deadLetters().size());
        assertTrue(last.next().isEmpty());
        Await.until(() -> log.of("fine").size() == 2, PATIENCE, () -> "fine applied: " + log.byStream());
        assertEquals(List.of(1L, 2L), log.of("fine"));
        assertEquals(List.of(), log.of("cursed-a"), "commit 2 waits in the stash behind the dead-lettered 1");

        // cursed-b:1 reaches the consumer by a replay first, as the replay service would send it
        Commit b1 = bus.store(ORDERING).readStream(StreamId.of("cursed-b"), 1, 1).get(0);
        sender.sendMessage(messages.replay(ORDERING, b1, SHIPPING, "op-1"));
        Await.until(() -> log.of("cursed-b").size() == 2, PATIENCE, () -> "cursed-b replayed: " + log.byStream());
        NotResubmittableException refused = assertThrows(NotResubmittableException.class,
                () -> deadLetters.resubmit("ordering", bad.sequenceNumber()));
        assertEquals(DeadLetterReason.UNDECODABLE_BODY, refused.reason());
        assertEquals(a.sequenceNumber(), deadLetters.resubmit("ordering", a.sequenceNumber()).orElseThrow().sequenceNumber());
        assertEquals(Optional.empty(), deadLetters.resubmit("ordering", a.sequenceNumber()), "already resubmitted");
        DeadLetters.Resubmitted all = deadLetters.resubmitAll("ordering", Optional.empty());

        assertEquals(List.of(b.sequenceNumber()), all.resubmitted().stream().map(DeadLetter::sequenceNumber).toList());
        long bigSequence = only(listed, "big:1").sequenceNumber();
        assertEquals(List.of(bad.sequenceNumber(), bigSequence).stream().sorted().toList(),
                all.refused().stream().map(DeadLetter::sequenceNumber).toList());
        Await.until(() -> log.of("cursed-a").size() == 2, PATIENCE, () -> "cursed-a resubmitted: " + log.byStream());
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "the resubmitted messages consumed: " + bus.broker.counts(SUBSCRIPTION));
        log.assertEachOnceInOrder(List.of("cursed-a", "cursed-b", "fine"), 2);
        assertEquals(List.of(bad.sequenceNumber(), bigSequence).stream().sorted().toList(), deadLetters
                .list("ordering", 0, 10).deadLetters().stream().map(DeadLetter::sequenceNumber).toList());
        assertTrue(deadLetters.discard("ordering", bigSequence, "alice", "too big to be a commit").isPresent());

        assertEquals("why", assertThrows(ValidationException.class,
                () -> deadLetters.discard("ordering", bad.sequenceNumber(), "alice", " ")).field());
        assertEquals("source", assertThrows(ValidationException.class,
                () -> deadLetters.list("billing", 0, 10)).field());
        assertTrue(deadLetters.discard("ordering", bad.sequenceNumber(), "alice", "a test sent it").isPresent());
        assertEquals(List.of(), deadLetters.list("ordering", 0, 10).deadLetters());
        assertEquals(0, bus.broker.counts(SUBSCRIPTION).deadLetterMessages());
    }

    @Test
    void a_resubmit_repeated_after_dying_between_the_send_and_the_removal_is_applied_once() throws Exception {
        AppliedLog log = new AppliedLog(bus.store(SHIPPING));
        bus.publisher(FAST_DISPATCHER);
        bus.appendAll(List.of("cursed"), 2, 1);
        awaitActive(2);
        deadLetterFirst("cursed");
        ContextBus consumer = bus.consumer(Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, log::record)
                .build(), b -> b);
        DeadLetters deadLetters = consumer.deadLetters().orElseThrow();
        DeadLetter dead = Await.value(() -> deadLetters.list("ordering", 0, 10).deadLetters().stream().findFirst(),
                PATIENCE, "cursed:1 dead-lettered");
        Await.until(() -> log.byStream().isEmpty() && bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "cursed:2 stashed behind the dead letter: " + log.byStream() + " " + bus.broker.counts(SUBSCRIPTION));

        // the resend is accepted, then the process dies before it removes the dead letter
        DeadLetterQueue queue = new DeadLetterQueue(new ServiceBusClientBuilder()
                .connectionString(bus.broker.connectionString()), ORDERING, SHIPPING);
        assertEquals(0, queue.settle(m -> m.getSequenceNumber() == dead.sequenceNumber(), true, (m, topic) -> {
            topic.sendMessage(DeadLetters.resubmission(SHIPPING, ORDERING, DeadLetters.readable(ORDERING, m), m));
            return false;
        }));
        Await.until(() -> log.of("cursed").size() == 2, PATIENCE, () -> "the resent commit applied: " + log.byStream());
        assertTrue(deadLetters.peek("ordering", dead.sequenceNumber()).isPresent(), "the dead letter stayed");
        long enqueued = bus.broker.counts(SUBSCRIPTION).messagesEnqueued();
        assertTrue(deadLetters.resubmit("ordering", dead.sequenceNumber()).isPresent(), "resubmitted again");

        assertEquals(List.of(), deadLetters.list("ordering", 0, 10).deadLetters());
        assertEquals(enqueued, bus.broker.counts(SUBSCRIPTION).messagesEnqueued(),
                "duplicate detection dropped the second resend of the same dead letter");
        Await.until(() -> bus.broker.counts(SUBSCRIPTION).activeMessages() == 0, PATIENCE,
                () -> "the subscription drained: " + bus.broker.counts(SUBSCRIPTION));
        log.assertEachOnceInOrder(List.of("cursed"), 2);
    }
}
