package io.contextbus.servicebus;

import static io.contextbus.testkit.TestCommits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.codec.SourcedCommit;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.InboundMessage;
import io.contextbus.servicebus.implementation.PoisonMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommitMessagesReadTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
    private final Commit commit = commit("order-1", 4, "OrderPlaced", "OrderPaid");
    private final ServiceBusMessage sent = messages.live(ORDERING, commit);

    private PoisonMessageException refused(InboundMessage m) {
        return assertThrows(PoisonMessageException.class, () -> CommitMessages.read(ORDERING, m));
    }

    private PoisonMessageException refusedWith(Consumer<Map<String, Object>> tamper) {
        return refused(Inbound.of(sent, tamper));
    }

    @Test
    void a_well_formed_message_reads_back_to_its_commit() {
        SourcedCommit read = CommitMessages.read(ORDERING, Inbound.of(sent));
        assertEquals(new SourcedCommit(ORDERING, commit), read);
    }

    @Test
    void a_replayed_message_reads_back_too() {
        ServiceBusMessage replay = messages.replay(ORDERING, commit, ContextName.of("shipping"), "r1");
        assertEquals(commit, CommitMessages.read(ORDERING, Inbound.of(replay)).commit());
    }

    @Test
    void an_int_sequence_from_another_language_is_accepted() {
        assertEquals(commit, CommitMessages.read(ORDERING, Inbound.of(sent, p -> p.put("cb_seq", 4))).commit());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cb_source", "cb_stream", "cb_seq", "cb_commit_id", "cb_event_types"})
    void a_missing_property_is_named(String property) {
        PoisonMessageException e = refusedWith(p -> p.remove(property));
        assertEquals(DeadLetterReason.MISSING_PROPERTY, e.reason());
        assertEquals("'" + property + "' is missing.", e.getMessage());
    }

    @Test
    void a_property_of_the_wrong_type_is_named() {
        PoisonMessageException e = refusedWith(p -> p.put("cb_seq", "4"));
        assertEquals(DeadLetterReason.MISSING_PROPERTY, e.reason());
        assertEquals("'cb_seq' must be an integer but was String '4'.", e.getMessage());
        assertEquals("'cb_stream' must be a non-empty string but was Long '7'.",
                refusedWith(p -> p.put("cb_stream", 7L)).getMessage());
    }

    @Test
    void a_property_disagreeing_with_the_body_is_named() {
        PoisonMessageException e = refusedWith(p -> p.put("cb_seq", 5L));
        assertEquals(DeadLetterReason.PROPERTY_MISMATCH, e.reason());
        assertEquals("'cb_seq' is '5' but the body says '4'.", e.getMessage());
        assertEquals(DeadLetterReason.PROPERTY_MISMATCH, refusedWith(p -> p.put("cb_stream", "order-2")).reason());
        assertEquals(DeadLetterReason.PROPERTY_MISMATCH, refusedWith(p -> p.put("cb_event_types", "OrderPlaced")).reason());
        assertEquals(DeadLetterReason.PROPERTY_MISMATCH,
                refusedWith(p -> p.put("cb_commit_id", "00000000-0000-0000-0000-000000000000")).reason());
    }

    @Test
    void a_commit_of_another_context_on_this_topic_is_refused() {
        ServiceBusMessage billing = messages.live(ContextName.of("billing"), commit);
        PoisonMessageException e = refused(Inbound.of(billing));
        assertEquals(DeadLetterReason.PROPERTY_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("'ordering.events'"), e.getMessage());
    }

    @Test
    void a_body_that_is_not_json_is_refused() {
        PoisonMessageException e = refused(Inbound.withBody(sent, "not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals(DeadLetterReason.UNDECODABLE_BODY, e.reason());
        assertTrue(e.getMessage().startsWith("'body' is not valid JSON"), e.getMessage());
    }

    @Test
    void a_json_body_missing_a_field_is_refused_naming_it() {
        PoisonMessageException e = refused(Inbound.withBody(sent, "{\"context\":\"ordering\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(DeadLetterReason.UNDECODABLE_BODY, e.reason());
        assertEquals("'streamId' is missing.", e.getMessage());
    }

    @Test
    void a_message_without_a_data_body_is_refused() {
        InboundMessage m = new InboundMessage("id", "s", null, 0, Inbound.of(sent).properties(), null, "AMQP value section");
        PoisonMessageException e = refused(m);
        assertEquals(DeadLetterReason.UNDECODABLE_BODY, e.reason());
        assertEquals("'body' is not a data section: AMQP value section", e.getMessage());
    }

    @Test
    void a_content_type_other_than_json_is_refused() {
        InboundMessage m = new InboundMessage("id", "s", "text/plain", 0, Inbound.of(sent).properties(),
                sent.getBody().toBytes(), null);
        assertEquals(DeadLetterReason.UNDECODABLE_BODY, refused(m).reason());
    }
}
