package io.contextbus.servicebus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.ValidationException;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.SessionStrategy;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageIdsTest {
    private static final String HASHED = "h:[A-Za-z0-9_-]{43}";

    private static StreamId stream(int length, char fill) {
        return StreamId.of(String.valueOf(fill).repeat(length));
    }

    @Nested
    @DisplayName("live MessageId")
    class Live {
        @Test
        void short_ids_are_stream_colon_sequence() {
            assertEquals("order-1:5", MessageIds.live(StreamId.of("order-1"), 5));
        }

        @Test
        void an_id_of_exactly_128_characters_stays_raw() {
            StreamId s = stream(126, 'a');
            String id = MessageIds.live(s, 7);
            assertEquals(128, id.length());
            assertEquals(s.value() + ":7", id);
        }

        @Test
        void an_id_of_129_characters_is_hashed() {
            String id = MessageIds.live(stream(127, 'a'), 7);
            assertTrue(id.matches(HASHED + ":7"), id);
        }

        @Test
        void a_longer_sequence_number_tips_the_same_stream_into_hashing() {
            StreamId s = stream(120, 'a');
            assertEquals(s.value() + ":1234567", MessageIds.live(s, 1_234_567));
            assertTrue(MessageIds.live(s, 12_345_678).matches(HASHED + ":12345678"));
        }

        @Test
        void the_hash_is_base64url_sha256_without_padding() {
            // SHA-256("abc") is the FIPS 180-2 test vector ba7816bf...f20015ad.
            assertEquals("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", MessageIds.hash(StreamId.of("abc")));
        }

        @Test
        void two_200_character_ids_sharing_a_128_character_prefix_never_collide() {
            String prefix = "tenant-42/order/".repeat(8);
            assertEquals(128, prefix.length());
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                StreamId s = StreamId.of(prefix + String.format("%072d", i));
                assertEquals(200, s.value().length());
                String id = MessageIds.live(s, 1);
                assertTrue(id.length() <= MessageIds.MAX_ID_LENGTH, id);
                assertTrue(ids.add(id), "collision for " + s);
            }
        }

        @Test
        void the_longest_stream_with_the_largest_sequence_fits() {
            String id = MessageIds.live(stream(StreamId.MAX_LENGTH, 'z'), Long.MAX_VALUE);
            assertTrue(id.length() <= MessageIds.MAX_ID_LENGTH);
            assertTrue(id.endsWith(":" + Long.MAX_VALUE));
        }

        @Test
        void a_raw_id_that_looks_hashed_is_hashed_too_so_it_cannot_equal_another_streams_hash() {
            StreamId longStream = stream(150, 'q');
            String hashed = MessageIds.live(longStream, 3);
            StreamId impostor = StreamId.of(hashed.substring(0, hashed.lastIndexOf(':')));
            assertNotEquals(hashed, MessageIds.live(impostor, 3));
            assertTrue(MessageIds.live(impostor, 3).matches(HASHED + ":3"));
        }

        @Test
        void non_ascii_ids_are_measured_in_characters_and_hashed_as_utf8() {
            StreamId s = StreamId.of("commande-é".repeat(13));
            assertEquals(130, s.value().length());
            assertTrue(MessageIds.live(s, 1).matches(HASHED + ":1"));
        }

        @Test
        void a_sequence_below_one_is_refused_naming_the_field() {
            ValidationException e = assertThrows(ValidationException.class, () -> MessageIds.live(StreamId.of("s"), 0));
            assertEquals("commitSequence", e.field());
        }
    }

    @Nested
    @DisplayName("replay MessageId")
    class Replay {
        @Test
        void is_the_live_id_plus_r_and_the_replay_id() {
            assertEquals("order-1:5:r:rp-1", MessageIds.replay(StreamId.of("order-1"), 5, "rp-1"));
        }

        @Test
        void never_equals_the_live_id() {
            for (int len : new int[] {1, 100, 126, 127, 200}) {
                StreamId s = stream(len, 'x');
                assertNotEquals(MessageIds.live(s, 9), MessageIds.replay(s, 9, "9"));
            }
        }

        @Test
        void is_hashed_under_the_same_rule_when_too_long() {
            StreamId s = stream(120, 'a');
            String id = MessageIds.replay(s, 1, "3f2a7c1e-0000-4000-8000-000000000001");
            assertTrue(id.matches(HASHED + ":1:r:3f2a7c1e-0000-4000-8000-000000000001"), id);
            assertEquals(MessageIds.hash(s), id.substring(2, 45));
        }

        @Test
        void the_longest_replay_id_on_the_longest_stream_with_the_largest_sequence_fits() {
            String id = MessageIds.replay(stream(200, 'z'), Long.MAX_VALUE, "r".repeat(MessageIds.MAX_REPLAY_ID_LENGTH));
            assertTrue(id.length() <= MessageIds.MAX_ID_LENGTH, id.length() + " characters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "has space", "quote'", "semi;colon", "toolong-toolong-toolong-toolong-toolong-toolong-toolong-toolong"})
        void malformed_replay_ids_are_refused_naming_the_field(String replayId) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> MessageIds.replay(StreamId.of("s"), 1, replayId));
            assertEquals("replayId", e.field());
        }

        @Test
        void a_null_replay_id_is_refused() {
            ValidationException e = assertThrows(ValidationException.class, () -> MessageIds.replay(StreamId.of("s"), 1, null));
            assertEquals("'replayId' cannot be null.", e.getMessage());
        }
    }

    @Nested
    @DisplayName("SessionId")
    class Sessions {
        @Test
        void per_stream_is_the_stream_id_up_to_128_characters() {
            assertEquals(stream(128, 'a').value(), SessionStrategy.perStream().sessionId(stream(128, 'a')));
            assertTrue(SessionStrategy.perStream().sessionId(stream(129, 'a')).matches(HASHED));
        }

        @Test
        void per_stream_sessions_of_ids_sharing_a_prefix_differ() {
            String prefix = "p".repeat(128);
            assertNotEquals(SessionStrategy.perStream().sessionId(StreamId.of(prefix + "1")),
                    SessionStrategy.perStream().sessionId(StreamId.of(prefix + "2")));
        }

        @Test
        void buckets_are_stable_across_processes() {
            // First four bytes of SHA-256("order-1") = 196076065; 196076065 mod 16 = 1.
            assertEquals(196_076_065L, MessageIds.bucketHash(StreamId.of("order-1")));
            assertEquals("b1", SessionStrategy.buckets(16).sessionId(StreamId.of("order-1")));
        }

        @Test
        void buckets_spread_streams_over_every_bucket() {
            SessionStrategy s = SessionStrategy.buckets(8);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                String id = s.sessionId(StreamId.of("order-" + i));
                assertTrue(id.matches("b[0-7]"), id);
                seen.add(id);
            }
            assertEquals(8, seen.size());
        }

        @Test
        void single_puts_every_stream_in_one_session() {
            SessionStrategy s = SessionStrategy.single("all");
            assertEquals("all", s.sessionId(StreamId.of("a")));
            assertEquals("all", s.sessionId(stream(200, 'b')));
        }

        @Test
        void bad_strategy_settings_are_refused_naming_the_field() {
            assertEquals("count", assertThrows(ValidationException.class, () -> SessionStrategy.buckets(0)).field());
            assertEquals("sessionId", assertThrows(ValidationException.class, () -> SessionStrategy.single(" ")).field());
            assertEquals("sessionId", assertThrows(ValidationException.class,
                    () -> SessionStrategy.single("s".repeat(129))).field());
        }
    }
}
