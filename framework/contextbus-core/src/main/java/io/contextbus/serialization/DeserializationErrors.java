package io.contextbus.serialization;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.EventMessage;

/** Turns Jackson's read failures into {@link EventDeserializationException}s naming the field. */
final class DeserializationErrors {
    private DeserializationErrors() {
    }

    static EventDeserializationException translate(EventMessage message, JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return failure(message, "data", "is not valid JSON: " + e.getOriginalMessage(), e);
        }
        String path = e instanceof JsonMappingException m ? path(m) : "";
        ValidationException rejected = rejectedBy(e);
        if (rejected != null) {
            // The class's own validation (e.g. a record's compact constructor) names the field.
            String field = path.isEmpty() ? rejected.field() : path + "." + rejected.field();
            return failure(message, field, "was rejected: " + rejected.getMessage(), e);
        }
        return failure(message, path.isEmpty() ? "data" : path, "cannot be read: " + e.getOriginalMessage(), e);
    }

    private static EventDeserializationException failure(EventMessage m, String field, String problem, Throwable e) {
        return new EventDeserializationException(m.type(), m.schemaVersion(), field, problem, e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                b.append('[').append(ref.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static ValidationException rejectedBy(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ValidationException v) {
                return v;
            }
        }
        return null;
    }
}
