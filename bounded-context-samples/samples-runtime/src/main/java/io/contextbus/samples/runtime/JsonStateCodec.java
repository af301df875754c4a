package io.contextbus.samples.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.aggregate.SnapshotCodec;
import io.contextbus.samples.common.contracts.ContractJson;

/**
 * A sample aggregate's state as snapshot JSON, through Jackson (records as they are). Bump
 * {@code schemaVersion} when the state's record changes shape: older snapshots are then ignored.
 *
 * @param <S> the state record
 */
public final class JsonStateCodec<S> implements SnapshotCodec<S> {
    private final Class<S> type;
    private final int schemaVersion;
    private final ObjectMapper mapper;

    private JsonStateCodec(Class<S> type, int schemaVersion, ObjectMapper mapper) {
        this.type = type;
        this.schemaVersion = schemaVersion;
        this.mapper = mapper;
    }

    /** With the samples' contract mapper (unknown properties ignored). */
    public static <S> JsonStateCodec<S> of(Class<S> type, int schemaVersion) {
        return new JsonStateCodec<>(type, schemaVersion, ContractJson.mapper());
    }

    /** With a mapper of the caller's (for a state that needs its own (de)serializers). */
    public static <S> JsonStateCodec<S> of(Class<S> type, int schemaVersion, ObjectMapper mapper) {
        return new JsonStateCodec<>(type, schemaVersion, mapper);
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public String write(S state) {
        try {
            return mapper.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The state of type " + type.getName() + " cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public S read(String json) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A snapshot cannot be read as " + type.getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }
}
