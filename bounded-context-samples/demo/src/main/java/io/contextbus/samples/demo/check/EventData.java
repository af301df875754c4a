package io.contextbus.samples.demo.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.EventMessage;
import io.contextbus.samples.common.contracts.ContractJson;

/** Reads the JSON data of a recorded event as a tree, for the folds. */
final class EventData {
    private EventData() {
    }

    static JsonNode of(EventMessage event) {
        try {
            return ContractJson.mapper().readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("'data' of a " + event.type() + " event is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
