package io.contextbus.serialization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.UnaryOperator;

/**
 * Turns the JSON data of an event stored as ({@link #fromType()}, {@link #fromVersion()}) into the
 * data of ({@link #toType()}, {@code fromVersion() + 1}). Upcasters chain: an event stored under v1
 * passes through v1→v2 and v2→v3 before it is read as the current v3 class. Stored events are
 * never rewritten; upcasting happens on every read, so an upcaster must be a pure function of the
 * tree (it may change the given node in place and return it).
 */
public interface Upcaster {
    /** The type name the event was stored under. */
    String fromType();

    /** The schema version the event was stored under; the result is {@code fromVersion() + 1}. */
    int fromVersion();

    /** The type name after upcasting: the same unless the event type was renamed. */
    default String toType() {
        return fromType();
    }

    ObjectNode upcast(ObjectNode data);

    /** An upcaster from ({@code type}, {@code fromVersion}) to ({@code type}, {@code fromVersion + 1}). */
    static Upcaster of(String type, int fromVersion, UnaryOperator<ObjectNode> transform) {
        return new FunctionUpcaster(type, fromVersion, type, transform);
    }

    /** An upcaster that also renames the type: ({@code fromType}, v) to ({@code toType}, v + 1). */
    static Upcaster renaming(String fromType, int fromVersion, String toType, UnaryOperator<ObjectNode> transform) {
        return new FunctionUpcaster(fromType, fromVersion, toType, transform);
    }
}
