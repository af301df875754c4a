package io.contextbus.servicebus.local.implementation.entity;

import java.time.Duration;
import java.util.Date;
import java.util.Map;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.UnsignedShort;
import org.apache.qpid.proton.amqp.messaging.Properties;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;
import io.contextbus.topology.filter.FilterContext;
import io.contextbus.topology.filter.SystemProperty;

/**
 * A message as the topology's filter engine reads it: system properties from the AMQP properties
 * and annotations, application properties converted to the engine's value types.
 */
final class ContentFilterContext implements FilterContext {

    private static final Symbol PARTITION_KEY = Symbol.valueOf("x-opt-partition-key");
    private static final Symbol SCHEDULED = Symbol.valueOf("x-opt-scheduled-enqueue-time");

    private final MessageContent content;

    ContentFilterContext(MessageContent content) {
        this.content = content;
    }

    @Override
    public Object systemProperty(SystemProperty property) {
        Properties p = content.properties();
        return switch (property) {
            case CONTENT_TYPE -> text(p.getContentType());
            case CORRELATION_ID -> text(p.getCorrelationId());
            case LABEL -> p.getSubject();
            case MESSAGE_ID -> text(p.getMessageId());
            case REPLY_TO -> p.getReplyTo();
            case REPLY_TO_SESSION_ID -> p.getReplyToGroupId();
            case SESSION_ID -> p.getGroupId();
            case TO -> p.getTo();
            case SIZE -> (long) content.size();
            case TIME_TO_LIVE -> content.ttlMillis() < 0 ? null : Duration.ofMillis(content.ttlMillis());
            case PARTITION_KEY -> text(content.annotation(PARTITION_KEY));
            case SCHEDULED_ENQUEUE_TIME_UTC -> convert(content.annotation(SCHEDULED));
            default -> null;
        };
    }

    @Override
    public Object applicationProperty(String name) {
        Map<String, Object> properties = content.applicationProperties();
        if (properties.containsKey(name)) {
            return convert(properties.get(name));
        }
        for (Map.Entry<String, Object> entry : properties.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return convert(entry.getValue());
            }
        }
        return null;
    }

    @Override
    public boolean hasApplicationProperty(String name) {
        Map<String, Object> properties = content.applicationProperties();
        if (properties.containsKey(name)) {
            return true;
        }
        return properties.keySet().stream().anyMatch(key -> key.equalsIgnoreCase(name));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Object convert(Object value) {
        if (value instanceof Date date) {
            return date.toInstant();
        }
        if (value instanceof Symbol || value instanceof Character) {
            return value.toString();
        }
        if (value instanceof UnsignedByte || value instanceof UnsignedShort || value instanceof UnsignedInteger
                || value instanceof UnsignedLong) {
            return ((Number) value).longValue();
        }
        return value;
    }
}
