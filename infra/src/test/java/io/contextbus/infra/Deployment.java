package io.contextbus.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a module deploys, read from its parse tree and evaluated: entities with their settings and
 * role assignments as (principal, role, scope). Principals are given symbolically: the contexts'
 * identities as {@code principal:<context>} in the order the module receives them, the replay
 * service's as {@code principal:replay}.
 */
final class Deployment {
    static final String SENDER = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    static final String RECEIVER = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    static final String COSMOS_READER = "00000000-0000-0000-0000-000000000001";
    static final String COSMOS_CONTRIBUTOR = "00000000-0000-0000-0000-000000000002";

    /** One role assignment: who, which role (definition id), on what (entity path). */
    record Role(String principal, String role, String scope) implements Comparable<Role> {
        @Override
        public int compareTo(Role o) {
            return toString().compareTo(o.toString());
        }
    }

    private Deployment() {
    }

    /** Parameters for a module that takes {@code contextPrincipalIds} (in {@code contexts} order) and {@code replayPrincipalId}. */
    static Map<String, JsonNode> principals(List<String> contexts) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode ids = json.arrayNode();
        contexts.forEach(c -> ids.add("principal:" + c));
        return Map.of("contextPrincipalIds", ids, "replayPrincipalId", json.textNode("principal:replay"),
                "token", json.textNode("t0"));
    }

    /** Settings as text, durations normalised (P10675199DT2H48M5.4775807S and its hours form are equal). */
    static Map<String, String> settings(JsonNode properties) {
        Map<String, String> out = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.put(f.getKey(), normalise(f.getValue()));
        }
        return out;
    }

    static String normalise(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        if (value.isTextual() && text.startsWith("P")) {
            try {
                return Duration.parse(text).toString();
            } catch (java.time.format.DateTimeParseException notADuration) {
                return text;
            }
        }
        return text;
    }

    static Set<Role> sorted(Set<Role> roles) {
        return new LinkedHashSet<>(new java.util.TreeSet<>(roles));
    }
}
