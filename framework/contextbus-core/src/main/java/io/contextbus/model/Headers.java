package io.contextbus.model;

import io.contextbus.error.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies string maps immutably (keeping their order), rejecting null keys and values. */
final class Headers {
    private Headers() {
    }

    static Map<String, String> copy(Map<String, String> source, String field) {
        if (source == null || source.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, String> copy = new LinkedHashMap<>(source.size() * 2);
        source.forEach((k, v) -> {
            ValidationException.require(k != null && !k.isEmpty(), field, "cannot contain a null or empty key.");
            ValidationException.require(v != null, field, "cannot contain a null value (key '" + k + "').");
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }
}
