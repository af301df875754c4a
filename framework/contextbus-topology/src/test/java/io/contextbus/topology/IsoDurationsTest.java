package io.contextbus.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoDurationsTest {

    @ParameterizedTest(name = "{0} = {1} seconds")
    @CsvSource({"PT1M,60", "PT20S,20", "PT5M,300", "PT1H,3600", "P14D,1209600", "P1DT1H1M1S,90061",
            "P1W,604800", "P1Y,31536000", "P1M,2592000", "PT0S,0", "PT1.5S,1"})
    void parses_iso_durations(String text, long seconds) {
        assertEquals(seconds, IsoDurations.parse(text).getSeconds());
    }

    @Test
    @DisplayName("Service Bus' 'never expires' TTL (TimeSpan.MaxValue) survives a round trip")
    void max_time_span_round_trips() {
        String text = "P10675199DT2H48M5.4775807S";
        Duration d = IsoDurations.parse(text);
        assertEquals(Checks.MAX_TIME_TO_LIVE, d);
        assertEquals(text, IsoDurations.format(d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT1M", "PT10M", "PT1H", "P7D", "PT2M30S", "P1DT12H", "PT0.25S"})
    void formats_what_it_parses(String text) {
        assertEquals(text, IsoDurations.format(IsoDurations.parse(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "P", "PT", "1M", "PT1", "PT-1M", "P1DT", "pt1m", "PT1M junk"})
    void refuses_what_is_not_a_duration(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IsoDurations.parse(text));
        assertEquals("must be an ISO-8601 duration such as PT1M or P14D but was '" + text + "'.", e.getMessage());
    }
}
