package io.contextbus.serialization;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.ValidationException;
import java.util.function.UnaryOperator;

/** The upcaster made by {@link Upcaster#of} and {@link Upcaster#renaming}. */
record FunctionUpcaster(String fromType, int fromVersion, String toType, UnaryOperator<ObjectNode> transform)
        implements Upcaster {
    FunctionUpcaster {
        RegisteredEventType.requireTypeName(fromType, "fromType");
        RegisteredEventType.requireTypeName(toType, "toType");
        ValidationException.require(fromVersion >= 1, "fromVersion", "must be at least 1 but was " + fromVersion + ".");
        ValidationException.requireNonNull(transform, "transform");
    }

    @Override
    public ObjectNode upcast(ObjectNode data) {
        return transform.apply(data);
    }

    @Override
    public String toString() {
        return "Upcaster[" + fromType + " v" + fromVersion + " -> " + toType + " v" + (fromVersion + 1) + "]";
    }
}
