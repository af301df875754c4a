package io.contextbus.samples.common.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and writes the published language's JSON. Reading is tolerant: unknown fields are
 * ignored, so a producer can add fields without breaking its consumers.
 */
public final class ContractJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ContractJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'value' cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads {@code json} as {@code type}; a malformed or invalid body is an IllegalArgumentException. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'data' is not a valid " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The shared mapper, for services that expose the contracts over HTTP. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
