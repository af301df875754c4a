package io.contextbus.topology;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One JSON object of the topology file and its path; every read checks the type and, on failure,
 * throws a {@link TopologyException} naming the exact path of the value.
 */
final class JsonCursor {
    private final JsonNode node;
    private final String path;

    private JsonCursor(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static JsonCursor object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new TopologyException(path, "must be a JSON object but was " + describe(node) + ".");
        }
        return new JsonCursor(node, path);
    }

    String path() {
        return path;
    }

    String path(String field) {
        return TopologyException.join(path, field);
    }

    /** Rejects fields outside {@code known}, suggesting the right spelling for a case mistake. */
    void allowOnly(Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                Optional<String> hint = known.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst();
                throw new TopologyException(path(name), hint
                        .map(h -> "is not a known property; did you mean '" + h + "'?")
                        .orElse("is not a known property; expected one of " + new TreeSet<>(known) + "."));
            }
        }
    }

    boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    String requiredString(String field) {
        if (!has(field)) {
            throw new TopologyException(path(field), "is required.");
        }
        return string(field).orElseThrow();
    }

    Optional<String> string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new TopologyException(path(field), "must be a string but was " + describe(value) + ".");
        }
        return Optional.of(value.asText());
    }

    /** A forwarding target: absent, null and "" all mean "none" (the emulator writes ""). */
    Optional<String> target(String field) {
        return string(field).filter(s -> !s.isEmpty());
    }

    boolean bool(String field, boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new TopologyException(path(field), "must be true or false but was " + describe(value) + ".");
        }
        return value.booleanValue();
    }

    int integer(String field, int fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new TopologyException(path(field), "must be a whole number but was " + describe(value) + ".");
        }
        return value.intValue();
    }

    Duration duration(String field, Duration fallback) {
        Optional<String> text = string(field);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return IsoDurations.parse(text.get());
        } catch (IllegalArgumentException e) {
            throw new TopologyException(path(field), e.getMessage());
        }
    }

    Optional<JsonCursor> child(String field) {
        return has(field) ? Optional.of(object(node.get(field), path(field))) : Optional.empty();
    }

    /** The objects of an array field; absent or null reads as empty. */
    List<JsonCursor> array(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new TopologyException(path(field), "must be a JSON array but was " + describe(value) + ".");
        }
        List<JsonCursor> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            items.add(object(value.get(i), path(field) + "[" + i + "]"));
        }
        return items;
    }

    /** The raw fields of this object, in file order. */
    Iterator<java.util.Map.Entry<String, JsonNode>> fields() {
        return node.fields();
    }

    static String describe(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "missing";
        }
        if (value.isTextual()) {
            return "the string \"" + value.asText() + "\"";
        }
        if (value.isContainerNode()) {
            return value.isArray() ? "an array" : "an object";
        }
        return value.toString();
    }
}
