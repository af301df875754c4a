package io.contextbus.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.codec.UndecodableCommitException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A commit's headers as a JSON object in one column, keeping their order. */
final class HeadersJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };
    private static final String EMPTY = "{}";

    private HeadersJson() {
    }

    static String encode(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return EMPTY;
        }
        try {
            return MAPPER.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A string map always encodes as JSON", e);
        }
    }

    static Map<String, String> decode(String json) {
        if (EMPTY.equals(json)) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new UndecodableCommitException("headers", "'headers' stored in the database is not a JSON object of strings.");
        }
    }
}
