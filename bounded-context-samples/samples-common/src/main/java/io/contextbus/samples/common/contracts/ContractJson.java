package io.contextbus.samples.common.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads and writes the samples' JSON that is not an event: HTTP bodies and the commands a context
 * queues for itself. Events go through contextbus's {@code EventCodec} instead (see the
 * {@code *Contract} classes). Reading is tolerant: unknown fields are ignored.
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
