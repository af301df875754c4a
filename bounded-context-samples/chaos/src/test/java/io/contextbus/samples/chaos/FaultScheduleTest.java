package io.contextbus.samples.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The fault schedule")
class FaultScheduleTest {

    @Test
    @DisplayName("holds exactly the asked number of faults of every kind")
    void every_kind_the_asked_number_of_times() {
        List<Fault> schedule = Fault.schedule(42, 5, 2_000);

        Map<FaultKind, Integer> counts = new EnumMap<>(FaultKind.class);
        schedule.forEach(f -> counts.merge(f.kind(), 1, Integer::sum));
        assertEquals(FaultKind.values().length * 5, schedule.size());
        for (FaultKind k : FaultKind.values()) {
            assertEquals(5, counts.get(k), k.name());
        }
    }

    @Test
    @DisplayName("is the same for the same seed and differs for another")
    void reproducible_from_its_seed() {
        assertEquals(Fault.schedule(7, 3, 1_000), Fault.schedule(7, 3, 1_000));
        assertNotEquals(Fault.schedule(7, 3, 1_000), Fault.schedule(8, 3, 1_000));
    }

    @Test
    @DisplayName("aims message faults at a real subscription, poison only at consumers with a holds API")
    void targets() {
        for (Fault f : Fault.schedule(3, 20, 500)) {
            assertTrue(f.pauseMs() >= 0 && f.pauseMs() <= 500, f.toString());
            switch (f.kind()) {
                case POISON -> assertTrue(Fault.POISONABLE.contains(List.of(f.source(), f.consumer())), f.toString());
                case PURGE_SUBSCRIPTION, DUPLICATES, REORDER ->
                        assertTrue(Fault.SUBSCRIPTIONS.contains(List.of(f.source(), f.consumer())), f.toString());
                default -> assertEquals("", f.source() + f.consumer(), f.toString());
            }
        }
    }

    @Test
    @DisplayName("refuses a negative count, naming it")
    void negative_count() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.schedule(1, -1, 0));
        assertTrue(e.getMessage().contains("'perKind'"), e.getMessage());
    }
}
