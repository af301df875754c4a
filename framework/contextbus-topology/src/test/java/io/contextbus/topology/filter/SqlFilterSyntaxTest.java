package io.contextbus.topology.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlFilterSyntaxTest {

    private static FilterSyntaxException failure(String expression) {
        return assertThrows(FilterSyntaxException.class, () -> MessageFilters.sql(expression));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "cb_replay_target IS NULL OR cb_replay_target = 'inventory'",
            "a = 1", "a <> 1", "a != 1", "a < 1", "a <= 1.5", "a > -2", "a >= 1E3", "a = .5",
            "user.a = 'x' AND sys.Label = 'y'", "sys.messageid = 'm'", "SYS.LABEL = 'x'",
            "[with space] = 1", "[a]]b] = 1", "\"quoted name\" = 1", "user.[x-y] = 1", "sys.[To] = 'q'",
            "a IS NOT NULL", "a is null", "a IN ('x', 'y')", "a NOT IN (1, 2, 3)", "a LIKE 'x%'",
            "a NOT LIKE 'x_' ESCAPE '!'", "EXISTS(a)", "exists (sys.SessionId)", "NOT a = 1", "NOT NOT a = 1",
            "(a = 1 OR b = 2) AND c = 3", "a + b * 2 - c / 4 % 3 = 1", "-a = 1", "+a = 1", "'x' + a = 'xy'",
            "TRUE", "FALSE", "1=1", "1 = 0", "property('a b') = 1", "p('x') = 1", "P(a) = 1", "newid() = a",
            "straße = 'x'", "a1_b2 = 1", "a<>1", "a!=1", "a>=1", "a<=-1", "a=1"})
    void accepts_the_service_bus_grammar(String expression) {
        MessageFilters.sql(expression);
    }

    @Test
    @DisplayName("TrueFilter and FalseFilter compile to constants")
    void constant_filters_fold() {
        assertSame(MessageFilters.TRUE, MessageFilters.sql("1=1"));
        assertSame(MessageFilters.FALSE, MessageFilters.sql("1=0"));
        assertSame(MessageFilters.TRUE, MessageFilters.sql("(2 + 3) * 2 = 10 AND 'a' + 'b' = 'ab'"));
        assertSame(MessageFilters.FALSE, MessageFilters.sql("NULL IS NOT NULL"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "a = | 3 | an expression | the end of the expression",
            "a = 1 AND | 9 | an expression | the end of the expression",
            "(a = 1 | 6 | ')' | the end of the expression",
            "a = 1) | 5 | AND, OR or the end of the expression | ')'",
            "a = 1 b = 2 | 6 | AND, OR or the end of the expression | 'b'",
            "a IS 1 | 5 | NULL | '1'",
            "a IN 1 | 5 | '(' | '1'",
            "a IN () | 6 | an expression | ')'",
            "EXISTS a | 7 | '(' | 'a'",
            "EXISTS(1) | 7 | a property name inside EXISTS( ) | '1'",
            "sys.Nope = 1 | 4 | a system property such as sys.MessageId, sys.Label or sys.SessionId | 'Nope'",
            "foo.bar = 1 | 0 | the scope sys or user before '.' | 'foo'",
            "sys. = 1 | 5 | a property name after 'sys.' | '='",
            "a = 'open | 4 | a closing quote (') for the string opened here | the end of the expression",
            "[open = 1 | 0 | a closing ']' for the property name opened here | the end of the expression",
            "a = 1 # 2 | 6 | an operator, a name, a number or a string | '#'",
            "a = 12abc | 6 | an operator or space after the number 12 | 'a'",
            "a = 1e | 6 | digits of the exponent | the end of the expression",
            "a = 99999999999999999999 | 4 | an integer within the 64-bit range | '99999999999999999999'",
            "nope(1) = 1 | 0 | a known function (newid, property, p) | 'nope'",
            "AND = 1 | 0 | an expression | 'AND'",
            "@param = 1 | 0 | an operator, a name, a number or a string | '@'"})
    void reports_where_and_what_was_expected(String expression, int position, String expected, String found) {
        FilterSyntaxException e = failure(expression);
        assertEquals(position, e.position(), e.getMessage());
        assertEquals(expected, e.expected());
        assertEquals(found, e.found());
        assertEquals(expression, e.expression());
        assertFalse(e.isTransient());
    }

    @Test
    void the_message_names_expression_offset_expected_and_found() {
        assertEquals("Invalid SQL filter 'cb_replay_target = ': expected an expression at offset 19 but found "
                + "the end of the expression.", failure("cb_replay_target = ").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a", "1", "'x'", "a + 1", "(a)", "a AND b = 1", "a = 1 OR 2", "NOT 'x'"})
    void refuses_values_where_a_condition_is_needed(String expression) {
        FilterSyntaxException e = failure(expression);
        assertEquals("a condition (a comparison, IS NULL, IN, LIKE, EXISTS, TRUE or FALSE)", e.expected(),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "'a' - 1 = 1 | a number | a string",
            "a * 'b' = 1 | a number | a string",
            "-'a' = 1 | a number | a string",
            "(a = 1) + 1 = 2 | a number | a condition",
            "a LIKE 5 | a string | a number",
            "5 LIKE 'x' | a string | a number"})
    void refuses_operands_of_the_wrong_type(String expression, String expected, String found) {
        FilterSyntaxException e = failure(expression);
        assertEquals(expected, e.expected(), e.getMessage());
        assertEquals(found, e.found());
    }

    @Test
    void refuses_constant_expressions_that_always_fail() {
        assertEquals("division by zero", failure("1 / 0 = 1").found());
        assertEquals("the LIKE escape must be one character but was '!!'", failure("a LIKE 'x' ESCAPE '!!'").found());
        assertEquals("integer overflow in 9223372036854775807 + 1", failure("9223372036854775807 + 1 = 0").found());
    }
}
