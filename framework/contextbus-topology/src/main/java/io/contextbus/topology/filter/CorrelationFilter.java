package io.contextbus.topology.filter;

import io.contextbus.topology.CorrelationRuleFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled correlation filter: every set system field and every listed application property must
 * equal the message's (same equality as SQL {@code =}: exact strings, numbers across Long/Double).
 * A missing property never matches.
 */
final class CorrelationFilter implements MessageFilter {
    private final SystemProperty[] systemProperties;
    private final Object[] systemValues;
    private final String[] applicationNames;
    private final Object[] applicationValues;
    private final String description;

    CorrelationFilter(CorrelationRuleFilter rule) {
        List<SystemProperty> props = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        add(props, values, SystemProperty.CONTENT_TYPE, rule.contentType());
        add(props, values, SystemProperty.CORRELATION_ID, rule.correlationId());
        add(props, values, SystemProperty.LABEL, rule.label());
        add(props, values, SystemProperty.MESSAGE_ID, rule.messageId());
        add(props, values, SystemProperty.REPLY_TO, rule.replyTo());
        add(props, values, SystemProperty.REPLY_TO_SESSION_ID, rule.replyToSessionId());
        add(props, values, SystemProperty.SESSION_ID, rule.sessionId());
        add(props, values, SystemProperty.TO, rule.to());
        this.systemProperties = props.toArray(SystemProperty[]::new);
        this.systemValues = values.toArray();
        this.applicationNames = rule.properties().keySet().toArray(String[]::new);
        this.applicationValues = rule.properties().values().stream().map(Values::normalize).toArray();
        this.description = rule.toString();
    }

    private static void add(List<SystemProperty> props, List<Object> values, SystemProperty p, String value) {
        if (value != null) {
            props.add(p);
            values.add(value);
        }
    }

    @Override
    public boolean matches(FilterContext message) {
        for (int i = 0; i < systemProperties.length; i++) {
            Object actual = Values.normalize(message.systemProperty(systemProperties[i]));
            if (!Boolean.TRUE.equals(Values.equal(actual, systemValues[i]))) {
                return false;
            }
        }
        for (int i = 0; i < applicationNames.length; i++) {
            Object actual = Values.normalize(message.applicationProperty(applicationNames[i]));
            if (!Boolean.TRUE.equals(Values.equal(actual, applicationValues[i]))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "CorrelationFilter[" + description + "]";
    }
}
