package io.contextbus.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.CommitTooLargeException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommitCodecTest {
    static final ContextName ORDERING = ContextName.of("ordering");

    static Commit commit(String data) {
        return new Commit(StreamId.of("order-1 ✓"), 3, 5, UUID.randomUUID(), Instant.parse("2026-11-22T10:15:30.123456Z"),
                Map.of("correlationId", "c-9", "user", "ann"),
                List.of(new EventMessage("OrderPlaced", 2, data, Map.of("source", "web")),
                        EventMessage.of("LineAdded", 1, "[1,2,{\"a\":null}]")));
    }

    @Nested
    @DisplayName("encode then decode")
    class RoundTrip {
        @Test
        void keeps_every_field_of_the_commit_and_its_context() {
            Commit original = commit("{\"orderId\":\"o-1\",\"total\":12.5,\"note\":\"é \\\"q\\\"\"}");
            SourcedCommit decoded = CommitCodec.decode(CommitCodec.encode(ORDERING, original));
            assertEquals(ORDERING, decoded.source());
            assertEquals(original, decoded.commit());
        }

        @Test
        void embeds_event_data_as_json_not_as_a_string() {
            String body = new String(CommitCodec.encode(ORDERING, commit("{\"a\":1}")), StandardCharsets.UTF_8);
            assertTrue(body.contains("\"data\":{\"a\":1}"), body);
        }

        @Test
        void writes_the_same_body_from_events_encoded_beforehand() {
            Commit c = commit("{\"a\":[1,2.50,\"é\"]}");
            org.junit.jupiter.api.Assertions.assertArrayEquals(CommitCodec.encode(ORDERING, c),
                    CommitCodec.encode(ORDERING, c, CommitCodec.encodeEvents(c.events())));
        }

        @Test
        void keeps_each_events_data_exactly_as_written() {
            for (String data : List.of("{ \"x\" : [ 1.50, 1e5, -0.0 ] }", "12.50", "\"a \\\"b\\\"\"", "null", "[]",
                    "{\"big\":123456789012345678901234567890.000}")) {
                Commit c = commit(data);
                assertEquals(data, CommitCodec.decode(CommitCodec.encode(ORDERING, c)).commit().events().get(0).data());
                assertEquals(data, CommitCodec.decodeEvents(CommitCodec.encodeEvents(c.events())).get(0).data());
            }
        }

        @Test
        void ignores_fields_it_does_not_know_and_takes_the_last_of_repeated_ones() {
            String body = "{\"future\":{\"nested\":[1,{\"a\":2}]},\"context\":\"shipping\",\"context\":\"ordering\","
                    + "\"streamId\":\"s\",\"commitSequence\":1,\"streamRevision\":1,\"commitId\":\"" + UUID.randomUUID()
                    + "\",\"commitStamp\":\"2026-01-01T00:00:00Z\",\"events\":[{\"type\":\"T\",\"schemaVersion\":1,"
                    + "\"extra\":[true],\"data\":{}}]}";
            SourcedCommit decoded = CommitCodec.decode(body.getBytes(StandardCharsets.UTF_8));
            assertEquals(ORDERING, decoded.source());
            assertEquals("{}", decoded.commit().events().get(0).data());
            assertEquals(Map.of(), decoded.commit().headers());
        }

        @Test
        void round_trips_events_alone() {
            List<EventMessage> events = commit("{\"a\":true}").events();
            assertEquals(events, CommitCodec.decodeEvents(CommitCodec.encodeEvents(events)));
        }
    }

    @Nested
    @DisplayName("decoding a bad body")
    class BadBodies {
        void refusedNaming(String field, String body) {
            UndecodableCommitException e = assertThrows(UndecodableCommitException.class,
                    () -> CommitCodec.decode(body.getBytes(StandardCharsets.UTF_8)));
            assertEquals(field, e.field(), e.getMessage());
        }

        @Test
        void names_the_problem() {
            refusedNaming("body", "not json");
            refusedNaming("body", "[1,2]");
            refusedNaming("context", "{}");
            refusedNaming("context", "{\"context\":\"Bad Name\"}");
            refusedNaming("streamId", "{\"context\":\"ordering\"}");
            refusedNaming("commitSequence", "{\"context\":\"ordering\",\"streamId\":\"s\",\"commitSequence\":\"x\"}");
            refusedNaming("commitId", "{\"context\":\"ordering\",\"streamId\":\"s\",\"commitSequence\":1,"
                    + "\"streamRevision\":1,\"commitId\":\"nope\"}");
            refusedNaming("events", "{\"context\":\"ordering\",\"streamId\":\"s\",\"commitSequence\":1,"
                    + "\"streamRevision\":1,\"commitId\":\"" + UUID.randomUUID() + "\",\"commitStamp\":\"2026-01-01T00:00:00Z\","
                    + "\"events\":[]}");
            assertThrows(UndecodableCommitException.class, () -> CommitCodec.decode(new byte[0]));
        }

        @Test
        void names_the_first_bad_field_in_a_fixed_order_whatever_the_order_in_the_body() {
            // commitId is bad and comes first in the body; streamId, also bad, is checked first
            refusedNaming("streamId", "{\"commitId\":\"nope\",\"context\":\"ordering\",\"streamId\":7}");
            refusedNaming("commitSequence", "{\"context\":\"ordering\",\"streamId\":\"s\","
                    + "\"commitSequence\":123456789012345678901234567890}");
            refusedNaming("commitSequence", "{\"context\":\"ordering\",\"streamId\":\"s\",\"commitSequence\":1.0}");
        }

        @Test
        void names_bad_headers_events_and_metadata() {
            String head = "{\"context\":\"ordering\",\"streamId\":\"s\",\"commitSequence\":1,\"streamRevision\":1,"
                    + "\"commitId\":\"" + UUID.randomUUID() + "\",\"commitStamp\":\"2026-01-01T00:00:00Z\",";
            refusedNaming("headers", head + "\"headers\":[],\"events\":[]}");
            UndecodableCommitException header = assertThrows(UndecodableCommitException.class, () -> CommitCodec.decode(
                    (head + "\"headers\":{\"ok\":\"v\",\"n\":1},\"events\":[]}").getBytes(StandardCharsets.UTF_8)));
            assertTrue(header.getMessage().contains("'headers.n' must be a string"), header.getMessage());
            refusedNaming("events", head + "\"events\":{}}");
            refusedNaming("events", head + "\"events\":[1]}");
            refusedNaming("data", head + "\"events\":[{\"type\":\"T\",\"schemaVersion\":1}]}");
            refusedNaming("type", head + "\"events\":[{\"type\":3,\"schemaVersion\":1,\"data\":{}}]}");
            refusedNaming("schemaVersion", head + "\"events\":[{\"type\":\"T\",\"data\":{}}]}");
            refusedNaming("metadata", head + "\"events\":[{\"type\":\"T\",\"schemaVersion\":1,\"data\":{},"
                    + "\"metadata\":{\"k\":[]}}]}");
            refusedNaming("body", head + "\"events\":[{\"type\":\"T\",\"data\":{]}]}");
        }

        @Test
        void refuses_events_that_are_not_json() {
            UndecodableCommitException e = assertThrows(UndecodableCommitException.class,
                    () -> CommitCodec.decodeEvents("[{\"type\":"));
            assertEquals("events", e.field());
            assertEquals("events", assertThrows(UndecodableCommitException.class,
                    () -> CommitCodec.decodeEvents("{}")).field());
        }
    }

    @Nested
    @DisplayName("commit limits")
    class Limits {
        CommitAttempt attempt(String data) {
            return new CommitAttempt(StreamId.of("s-1"), 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                    List.of(EventMessage.of("T", 1, data)));
        }

        @Test
        void accept_well_formed_json_that_fits() {
            CommitLimits.STANDARD.check(ORDERING, attempt("{\"ok\":[1,2,3]}"));
            CommitLimits.STANDARD.check(ORDERING, attempt("\"just a string\""));
        }

        @Test
        void refuse_data_that_is_not_exactly_one_json_value_naming_the_event() {
            for (String bad : List.of("{", "{\"a\":1} {\"b\":2}", "", "nope")) {
                ValidationException e = assertThrows(ValidationException.class,
                        () -> CommitLimits.STANDARD.check(ORDERING, attempt(bad)), bad);
                assertEquals("events[0].data", e.field());
            }
        }

        @Test
        void refuse_a_commit_whose_message_would_not_fit() {
            String big = "\"" + "x".repeat(256 * 1024) + "\"";
            CommitTooLargeException e = assertThrows(CommitTooLargeException.class,
                    () -> CommitLimits.STANDARD.check(ORDERING, attempt(big)));
            assertEquals(256 * 1024, e.limitBytes());
            assertTrue(e.sizeBytes() > e.limitBytes());
            assertEquals("events", e.field());
        }

        @Test
        void hand_back_the_events_as_a_store_keeps_them() {
            CommitAttempt a = attempt("{\"ok\":true}");
            assertEquals(CommitCodec.encodeEvents(a.events()), CommitLimits.STANDARD.checkAndEncodeEvents(ORDERING, a));
        }

        @Test
        void refuse_a_limit_too_small_for_the_envelope() {
            assertThrows(ValidationException.class, () -> new CommitLimits(100));
        }
    }
}
