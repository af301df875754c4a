package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RaceTest {
    @Test
    void returnsEachTasksOutcomeInTaskOrder() {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Race.Outcome<Integer>> outcomes = Race.run(3, i -> () -> {
            if (i == 1) {
                throw boom;
            }
            return i * 10;
        });
        assertEquals(0, outcomes.get(0).value());
        assertFalse(outcomes.get(1).succeeded());
        assertSame(boom, outcomes.get(1).failure());
        assertEquals(20, outcomes.get(2).value());
    }

    @Test
    void releasesAllTasksTogether() {
        // every task waits for all the others: this only completes if they run at the same time
        CyclicBarrier all = new CyclicBarrier(4);
        List<Race.Outcome<Integer>> outcomes = Race.run(4, i -> () -> all.await(30, TimeUnit.SECONDS));
        assertTrue(outcomes.stream().allMatch(Race.Outcome::succeeded), outcomes.toString());
    }

    @Test
    void needsTwoRacers() {
        assertThrows(IllegalArgumentException.class, () -> Race.run(1, i -> () -> i));
    }
}
