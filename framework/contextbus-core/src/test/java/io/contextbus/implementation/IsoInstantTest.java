package io.contextbus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IsoInstantTest {

    @Test
    void readsBackWhatInstantToStringWrites() {
        SplittableRandom random = new SplittableRandom(7);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(min, max + 1), nanos);
            assertEquals(instant, IsoInstant.parse(instant.toString()), instant.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T23:59:59.1Z", "2026-11-23T00:00:00.12345Z", "2026-11-23T10:15:30+01:00",
            "+10000-01-01T00:00:00Z", "2026-11-23T23:59:60Z", "-0001-01-01T00:00:00Z", "2026-11-23t10:15:30z",
            "2026-11-23T24:00:00Z", "2026-11-23T00:00:00.Z"})
    void answersAsInstantParseDoesForOtherForms(String text) {
        assertEquals(Instant.parse(text), IsoInstant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-11-23", "2026-02-30T00:00:00Z", "2026-11-23T00:60:00Z",
            "2026-13-01T00:00:00Z", "2026-11-23T00:00:00.1234567890Z", "2026-11-23T00:00:0xZ",
            "2026-11-23 00:00:00Z", "2026-11-23T00:00:00"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThrows(DateTimeParseException.class, () -> Instant.parse(text));
        assertThrows(DateTimeParseException.class, () -> IsoInstant.parse(text));
    }
}
