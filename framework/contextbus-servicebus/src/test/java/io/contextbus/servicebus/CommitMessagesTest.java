package io.contextbus.servicebus;

import static io.contextbus.testkit.TestCommits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.codec.CommitCodec;
import io.contextbus.codec.SourcedCommit;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.MessageIds;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommitMessagesTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());

    @Nested
    class Live {
        @Test
        void carries_every_field_of_the_contract() {
            Commit c = commit("order-1", 3, Map.of("correlationId", "req-77"), "OrderPlaced", "OrderPaid", "OrderPlaced");

            ServiceBusMessage m = messages.live(ORDERING, c);

            assertEquals("order-1:3", m.getMessageId());
            assertEquals("order-1", m.getSessionId());
            assertEquals("application/json", m.getContentType());
            assertEquals("OrderPlaced", m.getSubject());
            assertEquals("req-77", m.getCorrelationId());
            Map<String, Object> p = m.getApplicationProperties();
            assertEquals("ordering", p.get("cb_source"));
            assertEquals("order-1", p.get("cb_stream"));
            assertEquals(3L, p.get("cb_seq"));
            assertEquals(c.commitId().toString(), p.get("cb_commit_id"));
            assertEquals("OrderPlaced,OrderPaid", p.get("cb_event_types"));
            assertFalse(p.containsKey("cb_replay_target"));
            assertFalse(p.containsKey("cb_replay_id"));
        }

        @Test
        void the_body_is_the_codec_encoding_and_decodes_back_to_the_same_commit() {
            Commit c = commit("order-1", 1, "OrderPlaced");

            ServiceBusMessage m = messages.live(ORDERING, c);

            SourcedCommit back = CommitCodec.decode(m.getBody().toBytes());
            assertEquals(ORDERING, back.source());
            assertEquals(c, back.commit());
        }

        @Test
        void without_a_correlation_header_there_is_no_correlation_id() {
            assertNull(messages.live(ORDERING, commit("order-1", 1)).getCorrelationId());
        }

        @Test
        void a_correlation_id_too_long_for_service_bus_stays_in_the_body_only() {
            Commit c = commit("order-1", 1, Map.of("correlationId", "c".repeat(129)));
            assertNull(messages.live(ORDERING, c).getCorrelationId());
        }

        @Test
        void a_200_character_stream_gets_hashed_ids_but_its_full_id_in_cb_stream() {
            String id = "s".repeat(200);
            ServiceBusMessage m = messages.live(ORDERING, commit(id, 2));
            assertEquals(MessageIds.live(io.contextbus.model.StreamId.of(id), 2), m.getMessageId());
            assertEquals(MessageIds.streamSession(io.contextbus.model.StreamId.of(id)), m.getSessionId());
            assertEquals(id, m.getApplicationProperties().get("cb_stream"));
        }

        @Test
        void the_session_follows_the_strategy() {
            CommitMessages single = new CommitMessages(SessionStrategy.single("global"));
            assertEquals("global", single.live(ORDERING, commit("order-9", 1)).getSessionId());
        }

        @Test
        void null_arguments_are_refused_naming_the_field() {
            assertEquals("source", assertThrows(ValidationException.class, () -> messages.live(null, commit("a", 1))).field());
            assertEquals("commit", assertThrows(ValidationException.class, () -> messages.live(ORDERING, null)).field());
        }
    }

    @Nested
    class Replay {
        @Test
        void adds_the_target_and_replay_id_and_a_distinct_message_id() {
            Commit c = commit("order-1", 3);

            ServiceBusMessage m = messages.replay(ORDERING, c, ContextName.of("shipping"), "rp-7");

            assertEquals("order-1:3:r:rp-7", m.getMessageId());
            assertEquals("order-1", m.getSessionId());
            assertEquals("shipping", m.getApplicationProperties().get("cb_replay_target"));
            assertEquals("rp-7", m.getApplicationProperties().get("cb_replay_id"));
            assertEquals(3L, m.getApplicationProperties().get("cb_seq"));
            assertEquals(messages.live(ORDERING, c).getBody().toString(), m.getBody().toString());
        }

        @Test
        void refuses_a_bad_replay_id_or_missing_target() {
            Commit c = commit("order-1", 3);
            assertEquals("replayId", assertThrows(ValidationException.class,
                    () -> messages.replay(ORDERING, c, ContextName.of("shipping"), "a b")).field());
            assertEquals("target", assertThrows(ValidationException.class,
                    () -> messages.replay(ORDERING, c, null, "r1")).field());
        }
    }
}
