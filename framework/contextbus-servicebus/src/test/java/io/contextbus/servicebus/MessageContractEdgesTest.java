package io.contextbus.servicebus;

import static io.contextbus.testkit.TestCommits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.InboundMessage;
import io.contextbus.servicebus.implementation.MessageIds;
import io.contextbus.servicebus.implementation.PoisonMessageException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The edges of the message contract that a sender in another language may reach: the integer types
 * {@code cb_seq} may arrive as, an empty or disagreeing string property, a missing or parameterised
 * content type, the replay id rules, and a CorrelationId exactly as long as Service Bus allows.
 */
@DisplayName("message contract edges")
class MessageContractEdgesTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
    private final Commit commit = commit("order-1", 4, "OrderPlaced");
    private final ServiceBusMessage sent = messages.live(ORDERING, commit);

    private InboundMessage received(String contentType) {
        return new InboundMessage(sent.getMessageId(), sent.getSessionId(), contentType, 0,
                Inbound.of(sent).properties(), sent.getBody().toBytes(), null);
    }

    private static PoisonMessageException refused(InboundMessage m) {
        return assertThrows(PoisonMessageException.class, () -> CommitMessages.read(ORDERING, m));
    }

    @Test
    @DisplayName("cb_seq written as a short or a byte by another sender reads back to the commit")
    void smallerIntegerTypesAreAccepted() {
        assertEquals(commit, CommitMessages.read(ORDERING, Inbound.of(sent, p -> p.put("cb_seq", (short) 4))).commit());
        assertEquals(commit, CommitMessages.read(ORDERING, Inbound.of(sent, p -> p.put("cb_seq", (byte) 4))).commit());
    }

    @Test
    @DisplayName("cb_seq written as a floating-point number is refused naming its type")
    void aFloatingPointSequenceIsRefused() {
        PoisonMessageException e = refused(Inbound.of(sent, p -> p.put("cb_seq", 4.0d)));
        assertEquals(DeadLetterReason.MISSING_PROPERTY, e.reason());
        assertEquals("'cb_seq' must be an integer but was Double '4.0'.", e.getMessage());
    }

    @Test
    @DisplayName("an empty string property is refused like a missing one")
    void anEmptyStringPropertyIsRefused() {
        PoisonMessageException e = refused(Inbound.of(sent, p -> p.put("cb_stream", "")));
        assertEquals(DeadLetterReason.MISSING_PROPERTY, e.reason());
        assertEquals("'cb_stream' must be a non-empty string but was String ''.", e.getMessage());
    }

    @Test
    @DisplayName("cb_source disagreeing with the body is refused, even when the body's context is the topic's")
    void aSourcePropertyDisagreeingWithTheBodyIsRefused() {
        PoisonMessageException e = refused(Inbound.of(sent, p -> p.put("cb_source", "billing")));
        assertEquals(DeadLetterReason.PROPERTY_MISMATCH, e.reason());
        assertEquals("'cb_source' is 'billing' but the body says 'ordering'.", e.getMessage());
    }

    @Test
    @DisplayName("a replay MessageId needs a commitSequence from 1 and hands a valid replay id back unchanged")
    void replayIdRules() {
        assertEquals("commitSequence", assertThrows(ValidationException.class,
                () -> MessageIds.replay(StreamId.of("order-1"), 0, "r1")).field());
        assertEquals("r-1.a_B", MessageIds.requireReplayId("r-1.a_B"));
    }

    @Test
    @DisplayName("a message without a content type is read by its body")
    void noContentTypeIsRead() {
        assertEquals(commit, CommitMessages.read(ORDERING, received(null)).commit());
    }

    @Test
    @DisplayName("application/json with parameters is read")
    void jsonWithParametersIsRead() {
        assertEquals(commit, CommitMessages.read(ORDERING, received("application/json; charset=utf-8")).commit());
    }

    @Test
    @DisplayName("a correlationId of exactly 128 characters becomes the CorrelationId")
    void aCorrelationIdOfTheMaximumLengthIsKept() {
        String id = "c".repeat(MessageIds.MAX_ID_LENGTH);
        ServiceBusMessage m = messages.live(ORDERING, commit("order-1", 1, Map.of("correlationId", id), "OrderPlaced"));
        assertEquals(id, m.getCorrelationId());
    }
}
