package io.contextbus.serialization;

import io.contextbus.error.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Precomputes, for every (type, version) a stored event can have, the upcasters to run and the
 * class to read, so that a read does one map lookup; and refuses chains with holes.
 */
final class UpcastPlans {
    record Key(String type, int version) {
        @Override
        public String toString() {
            return type + " v" + version;
        }
    }

    /** Run {@code upcasters} in order, then read the result as {@code target}. */
    record Plan(List<Upcaster> upcasters, RegisteredEventType target) {
    }

    private UpcastPlans() {
    }

    static Map<Key, Plan> build(Map<String, RegisteredEventType> byType, List<Upcaster> upcasters) {
        Map<Key, Upcaster> byKey = new HashMap<>();
        for (Upcaster u : upcasters) {
            Key key = new Key(u.fromType(), u.fromVersion());
            ValidationException.require(byKey.putIfAbsent(key, u) == null, "upcasters",
                    "holds two upcasters from " + key + ".");
            RegisteredEventType current = byType.get(u.fromType());
            ValidationException.require(current == null || u.fromVersion() < current.schemaVersion(), "upcasters",
                    "holds an upcaster from " + key + ", but " + u.fromType() + " is at v"
                            + (current == null ? 0 : current.schemaVersion()) + ": only older versions are upcast.");
        }
        requireCompleteChains(byType, byKey);
        Map<Key, Plan> plans = new HashMap<>();
        byType.values().forEach(r -> plans.put(new Key(r.type(), r.schemaVersion()), new Plan(List.of(), r)));
        byKey.keySet().forEach(start -> plans.put(start, follow(start, byType, byKey)));
        return Map.copyOf(plans);
    }

    /** Every version of a registered type, from its first, has an upcaster to the next one. */
    private static void requireCompleteChains(Map<String, RegisteredEventType> byType, Map<Key, Upcaster> byKey) {
        for (RegisteredEventType r : byType.values()) {
            int first = firstVersion(r.type(), byKey);
            for (int v = first; v < r.schemaVersion(); v++) {
                ValidationException.require(byKey.containsKey(new Key(r.type(), v)), "upcasters",
                        "lacks an upcaster from " + r.type() + " v" + v + " to v" + (v + 1) + ": events stored under "
                                + r.type() + " v" + v + " could not be read as the current v" + r.schemaVersion() + ".");
            }
        }
    }

    /** 1, unless the type got its name by a rename: then the version the rename produces. */
    private static int firstVersion(String type, Map<Key, Upcaster> byKey) {
        int first = 1;
        boolean renamedInto = false;
        for (Upcaster u : byKey.values()) {
            if (u.toType().equals(type) && !u.fromType().equals(type)) {
                first = renamedInto ? Math.min(first, u.fromVersion() + 1) : u.fromVersion() + 1;
                renamedInto = true;
            }
        }
        return first;
    }

    private static Plan follow(Key start, Map<String, RegisteredEventType> byType, Map<Key, Upcaster> byKey) {
        List<Upcaster> chain = new ArrayList<>();
        Key at = start;
        while (true) {
            RegisteredEventType current = byType.get(at.type());
            if (current != null && current.schemaVersion() == at.version()) {
                return new Plan(List.copyOf(chain), current);
            }
            Upcaster next = byKey.get(at);
            ValidationException.require(next != null, "upcasters", "lead from " + start + " to " + at
                    + ", which is neither a registered current version nor upcast further.");
            chain.add(next);
            at = new Key(next.toType(), at.version() + 1);
        }
    }
}
