package io.contextbus.topology;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A correlation filter ({@code FilterType: Correlation}): a message matches when every field that
 * is set here equals the message's system property of the same name, and every entry of
 * {@link #properties()} equals the application property of that name. Null fields are not part of
 * the filter; at least one field or property must be set. Property values are String, Long,
 * Double or Boolean (Integer is widened to Long).
 */
public record CorrelationRuleFilter(
        String contentType,
        String correlationId,
        String label,
        String messageId,
        String replyTo,
        String replyToSessionId,
        String sessionId,
        String to,
        Map<String, Object> properties) implements RuleFilter {

    public CorrelationRuleFilter {
        Checks.notNull(properties, "Properties");
        properties = copyProperties(properties);
        boolean anySystem = contentType != null || correlationId != null || label != null || messageId != null
                || replyTo != null || replyToSessionId != null || sessionId != null || to != null;
        if (!anySystem && properties.isEmpty()) {
            throw new TopologyException("", "must set at least one field or application property.");
        }
    }

    /** A filter on application properties only. */
    public static CorrelationRuleFilter ofProperties(Map<String, Object> properties) {
        return new CorrelationRuleFilter(null, null, null, null, null, null, null, null, properties);
    }

    /** A filter on the CorrelationId only. */
    public static CorrelationRuleFilter ofCorrelationId(String correlationId) {
        Checks.notNull(correlationId, "CorrelationId");
        return new CorrelationRuleFilter(null, correlationId, null, null, null, null, null, null, Map.of());
    }

    @Override
    public String filterType() {
        return "Correlation";
    }

    private static Map<String, Object> copyProperties(Map<String, Object> source) {
        Map<String, Object> copy = new LinkedHashMap<>();
        source.forEach((key, value) -> {
            if (key == null || key.isEmpty()) {
                throw new TopologyException("Properties", "cannot hold an empty property name.");
            }
            copy.put(key, normalize(key, value));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object normalize(String key, Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        throw new TopologyException("Properties." + key, "must be a string, number or boolean but was "
                + (value == null ? "null" : value.getClass().getSimpleName()) + ".");
    }
}
