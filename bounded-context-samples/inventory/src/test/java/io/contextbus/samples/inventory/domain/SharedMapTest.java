package io.contextbus.samples.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedMapTest {
    /** A key whose hash the test chooses, to force trie collisions and equal hashes. */
    private record Key(int hash, String name) {
        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Test
    void behavesAsAHashMapUnderRandomPutsAndRemovesAndLeavesEveryEarlierVersionAsItWas() {
        Random random = new Random(19);
        SharedMap<Key, Integer> shared = SharedMap.empty();
        Map<Key, Integer> expected = new HashMap<>();
        List<SharedMap<Key, Integer>> versions = new ArrayList<>();
        List<Map<Key, Integer>> expectedVersions = new ArrayList<>();
        List<Key> keys = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // few distinct hashes (many collisions, some equal) and some that differ only in the high bits
            int hash = random.nextBoolean() ? random.nextInt(40) : random.nextInt(8) << 28;
            keys.add(new Key(hash, "k" + i));
        }
        for (int step = 0; step < 5_000; step++) {
            Key key = keys.get(random.nextInt(keys.size()));
            if (random.nextInt(3) == 0) {
                shared = shared.minus(key);
                expected.remove(key);
            } else {
                int value = random.nextInt(1000);
                shared = shared.plus(key, value);
                expected.put(key, value);
            }
            if (step % 250 == 0) {
                versions.add(shared);
                expectedVersions.add(new HashMap<>(expected));
            }
            assertEquals(expected.size(), shared.size());
            assertEquals(expected.get(key), shared.get(key));
        }
        assertEquals(expected, shared);
        assertEquals(shared, expected);
        assertEquals(expected.hashCode(), shared.hashCode());
        for (int v = 0; v < versions.size(); v++) {
            assertEquals(expectedVersions.get(v), versions.get(v), "version " + v + " changed");
        }
        for (Key key : keys) {
            assertEquals(expected.containsKey(key), shared.containsKey(key));
        }
    }

    @Test
    void removingAnAbsentKeyReturnsTheSameMapAndNullsAreRefused() {
        SharedMap<String, Integer> map = SharedMap.<String, Integer>empty().plus("a", 1);
        assertSame(map, map.minus("b"));
        assertTrue(map.minus("a").isEmpty());
        assertEquals("'key' cannot be null.", assertThrows(IllegalArgumentException.class, () -> map.plus(null, 1)).getMessage());
        assertEquals("'value' cannot be null.", assertThrows(IllegalArgumentException.class, () -> map.plus("b", null)).getMessage());
        assertThrows(UnsupportedOperationException.class, () -> map.put("c", 3));
    }

    @Test
    void aSharedSetHoldsWhatWasAddedAndEqualsAnySetOfTheSameElements() {
        SharedSet<String> set = SharedSet.of(Set.of("x", "y"));
        SharedSet<String> more = set.plus("z");
        assertEquals(Set.of("x", "y"), set);
        assertEquals(Set.of("x", "y", "z"), more);
        assertEquals(new HashSet<>(List.of("x", "y", "z")), more);
        assertSame(more, more.plus("x"));
    }
}
