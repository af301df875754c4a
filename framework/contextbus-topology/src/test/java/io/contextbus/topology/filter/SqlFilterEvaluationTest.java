package io.contextbus.topology.filter;

import static io.contextbus.topology.filter.TestMessage.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFilterEvaluationTest {

    private static boolean matches(String expression, FilterContext message) {
        return MessageFilters.sql(expression).matches(message);
    }

    @Nested
    @DisplayName("the contextbus replay rule")
    class ReplayRule {
        private final MessageFilter rule = MessageFilters.sql(
                "cb_replay_target IS NULL OR cb_replay_target = 'inventory'");

        @Test
        void lets_live_messages_through() {
            assertTrue(rule.matches(message().with("cb_source", "ordering")));
        }

        @Test
        void lets_replays_for_its_consumer_through() {
            assertTrue(rule.matches(message().with("cb_replay_target", "inventory")));
        }

        @Test
        void stops_replays_for_other_consumers() {
            assertFalse(rule.matches(message().with("cb_replay_target", "shipping")));
            assertFalse(rule.matches(message().with("cb_replay_target", "Inventory")));
        }

        @Test
        void reads_the_property_name_case_insensitively() {
            assertFalse(rule.matches(message().with("CB_REPLAY_TARGET", "shipping")));
        }
    }

    @Nested
    @DisplayName("three-valued logic with a missing property")
    class Unknown {
        private final TestMessage empty = message().with("t", true).with("f", false);

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
                // unknown = missing = 1
                "missing = 1 | false", "NOT missing = 1 | false", "missing <> 1 | false",
                "missing = 1 AND t = TRUE | false", "missing = 1 AND f = TRUE | false",
                "NOT (missing = 1 AND t = TRUE) | false", "NOT (missing = 1 AND f = TRUE) | true",
                "missing = 1 OR t = TRUE | true", "missing = 1 OR f = TRUE | false",
                "NOT (missing = 1 OR f = TRUE) | false", "NOT (missing = 1 OR t = TRUE) | false",
                "missing IS NULL | true", "missing IS NOT NULL | false", "NOT missing IS NULL | false",
                "missing IN (1, 2) | false", "NOT missing IN (1, 2) | false", "missing NOT IN (1, 2) | false",
                "missing LIKE '%' | false", "missing NOT LIKE '%' | false",
                "missing + 1 = 1 | false", "-missing = 1 | false", "EXISTS(missing) | false", "NOT EXISTS(missing) | true",
                "missing = NULL | false", "NULL = NULL | false", "NULL IS NULL | true"})
        void follows_the_service_bus_tables(String expression, boolean expected) {
            assertEquals(expected, matches(expression, empty));
        }
    }

    @Nested
    @DisplayName("comparisons")
    class Comparisons {
        private final TestMessage m = message().with("n", 5).with("l", 5L).with("d", 2.5).with("s", "abc")
                .with("b", true).with("u", UUID.fromString("00000000-0000-0000-0000-000000000001"))
                .with("i", Instant.parse("2026-01-01T00:00:00Z")).with("i2", Instant.parse("2026-01-02T00:00:00Z"))
                .with("ttl", Duration.ofMinutes(1));

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
                "n = 5 | true", "n = 5.0 | true", "l = n | true", "n <> 5 | false", "n != 4 | true",
                "n < 6 | true", "n <= 5 | true", "n > 5 | false", "n >= 5 | true", "d < n | true", "d = 2.5 | true",
                "s = 'abc' | true", "s = 'ABC' | false", "s < 'abd' | true", "s > 'ab' | true",
                "b = TRUE | true", "b <> FALSE | true", "b > FALSE | false",
                "u = '00000000-0000-0000-0000-000000000001' | true", "i < i2 | true", "i = i2 | false",
                "ttl = ttl | true", "ttl < ttl | false",
                "s = 5 | false", "NOT s = 5 | false", "n = '5' | false", "b = 1 | false"})
        void compare_like_service_bus(String expression, boolean expected) {
            assertEquals(expected, matches(expression, m));
        }
    }

    @Nested
    @DisplayName("IN, LIKE, EXISTS, arithmetic")
    class Operators {
        private final TestMessage m = message().with("s", "order-42").with("n", 7).with("empty", "")
                .with("pct", "50%").with("nul", null);

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
                "s IN ('a', 'order-42') | true", "s IN ('a', 'b') | false", "s NOT IN ('a', 'b') | true",
                "n IN (1, 7.0) | true", "s IN ('a', missing) | false", "s NOT IN ('a', missing) | false",
                "s IN ('order-42', missing) | true",
                "s LIKE 'order-%' | true", "s LIKE 'order-__' | true", "s LIKE 'order-_' | false",
                "s LIKE '%42' | true", "s LIKE 'ORDER%' | false", "s NOT LIKE 'x%' | true", "empty LIKE '%' | true",
                "pct LIKE '50!%' ESCAPE '!' | true", "pct LIKE '5!%' ESCAPE '!' | false", "s LIKE 'o.*' | false",
                "s LIKE s | true", "n LIKE '7' | false",
                "EXISTS(s) | true", "EXISTS(nul) | true", "nul IS NULL | true", "EXISTS(user.s) | true",
                "n + 1 = 8 | true", "n - 10 = -3 | true", "n * 2 = 14 | true", "n / 2 = 3 | true", "n % 4 = 3 | true",
                "n / 2.0 = 3.5 | true", "-n = -7 | true", "s + '!' = 'order-42!' | true",
                "property('s') = 'order-42' | true", "p('S') = 'order-42' | true", "property(s) IS NULL | true",
                "newid() <> newid() | true", "newid() IS NOT NULL | true"})
        void evaluate(String expression, boolean expected) {
            assertEquals(expected, matches(expression, m));
        }
    }

    @Nested
    @DisplayName("system properties")
    class System {
        private final TestMessage m = message().sys(SystemProperty.LABEL, "OrderPlaced")
                .sys(SystemProperty.SESSION_ID, "order-1").sys(SystemProperty.DELIVERY_COUNT, 2)
                .sys(SystemProperty.ENQUEUED_TIME_UTC, Instant.parse("2026-01-01T00:00:00Z"))
                .with("Label", "app-label");

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
                "sys.Label = 'OrderPlaced' | true", "sys.label LIKE 'Order%' | true", "Label = 'app-label' | true",
                "user.Label = 'app-label' | true", "sys.SessionId = 'order-1' | true", "sys.DeliveryCount = 2 | true",
                "sys.DeliveryCount > 1 AND sys.DeliveryCount < 3 | true", "sys.To IS NULL | true",
                "EXISTS(sys.To) | false", "EXISTS(sys.Label) | true", "sys.MessageId = 'x' | false"})
        void read_from_the_message(String expression, boolean expected) {
            assertEquals(expected, matches(expression, m));
        }
    }

    @Nested
    @DisplayName("evaluation failures")
    class Failures {

        @Test
        void arithmetic_on_a_string_property_fails_naming_the_filter() {
            FilterEvaluationException e = assertThrows(FilterEvaluationException.class,
                    () -> matches("s * 2 = 4", message().with("s", "x")));
            assertEquals("Cannot evaluate filter 's * 2 = 4': cannot apply * to String 'x' and Long 2.", e.getMessage());
            assertFalse(e.isTransient());
        }

        @Test
        void integer_division_by_zero_fails_and_double_division_does_not() {
            assertThrows(FilterEvaluationException.class, () -> matches("n / z = 1", message().with("n", 1).with("z", 0)));
            assertTrue(matches("n / z > 1000", message().with("n", 1.0).with("z", 0)));
        }

        @Test
        void a_bad_escape_from_a_property_fails() {
            assertThrows(FilterEvaluationException.class,
                    () -> matches("s LIKE p ESCAPE e", message().with("s", "x").with("p", "x").with("e", "ab")));
        }

        @Test
        void a_short_circuit_skips_the_failing_side() {
            assertFalse(matches("f = TRUE AND s * 2 = 4", message().with("f", false).with("s", "x")));
            assertTrue(matches("t = TRUE OR s * 2 = 4", message().with("t", true).with("s", "x")));
        }
    }
}
