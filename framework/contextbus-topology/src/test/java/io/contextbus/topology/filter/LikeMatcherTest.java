package io.contextbus.topology.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LikeMatcherTest {

    @ParameterizedTest(name = "''{1}'' LIKE ''{0}'' ESCAPE ''{2}'' -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", nullValues = "NONE", value = {
            "abc | abc | NONE | true", "abc | abcd | NONE | false", "abc% | abcd | NONE | true",
            "abc% | xabc | NONE | false", "%abc | xabc | NONE | true", "%abc | abcx | NONE | false",
            "%b% | abc | NONE | true", "%b% | ac | NONE | false", "% | '' | NONE | true", "% | anything | NONE | true",
            "%% | x | NONE | true", "a%c | abbbc | NONE | true", "a%c | abbb | NONE | false", "a_c | abc | NONE | true",
            "a_c | ac | NONE | false", "_% | '' | NONE | false", "a.c | abc | NONE | false", "a.c | a.c | NONE | true",
            "50!% | 50% | ! | true", "50!% | 500 | ! | false", "!%% | %x | ! | true", "!%% | x% | ! | false",
            "%!_ | a_ | ! | true", "%!_ | ab | ! | false", "a!!b | a!b | ! | true", "a\\%b | a%b | \\ | true",
            "(x)+ | (x)+ | NONE | true", "A% | abc | NONE | false", "a%\\nb | a\\nb | NONE | true"})
    void matches_like_service_bus(String pattern, String value, String escape, boolean expected) {
        String v = value.equals("''") ? "" : value.replace("\\n", "\n");
        assertEquals(expected, LikeMatcher.compile(pattern.replace("\\n", "\n"), escape).matches(v));
    }
}
