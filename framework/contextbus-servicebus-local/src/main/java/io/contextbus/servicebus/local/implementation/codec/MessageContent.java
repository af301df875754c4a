package io.contextbus.servicebus.local.implementation.codec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Properties;

/**
 * One message as a client sent it: the header fields and message annotations the broker may rewrite,
 * and the bare message (properties onwards), kept as the exact bytes received because AMQP makes the
 * bare message immutable. Shared, read-only, by every entity the message was routed to.
 */
public final class MessageContent {

    private final boolean durable;
    private final int priority;
    private final long ttlMillis;
    private final Map<Symbol, Object> annotations;
    private final Properties properties;
    private final Map<String, Object> applicationProperties;
    private final byte[] bare;
    private final int appStart;
    private final int appEnd;

    MessageContent(boolean durable, int priority, long ttlMillis, Map<Symbol, Object> annotations,
            Properties properties, Map<String, Object> applicationProperties, byte[] bare, int appStart, int appEnd) {
        this.durable = durable;
        this.priority = priority;
        this.ttlMillis = ttlMillis;
        this.annotations = annotations == null ? Map.of() : annotations;
        this.properties = properties == null ? new Properties() : properties;
        this.applicationProperties = applicationProperties == null ? Map.of() : applicationProperties;
        this.bare = bare;
        this.appStart = appStart;
        this.appEnd = appEnd;
    }

    public boolean durable() {
        return durable;
    }

    public int priority() {
        return priority;
    }

    /** The header TTL in millis, or -1 when the sender set none. */
    public long ttlMillis() {
        return ttlMillis;
    }

    public Map<Symbol, Object> annotations() {
        return annotations;
    }

    public Properties properties() {
        return properties;
    }

    public Map<String, Object> applicationProperties() {
        return Collections.unmodifiableMap(applicationProperties);
    }

    /** The bare message bytes: properties, application properties, body sections, footer. */
    public byte[] bare() {
        return bare;
    }

    public int size() {
        return bare.length;
    }

    public String messageId() {
        Object id = properties.getMessageId();
        return id == null ? null : id.toString();
    }

    public String sessionId() {
        return properties.getGroupId();
    }

    public Object annotation(Symbol key) {
        return annotations.get(key);
    }

    /**
     * A copy whose application properties also hold {@code extra} (dead-lettering adds its reason
     * this way); the other sections keep their bytes.
     */
    public MessageContent withApplicationProperties(Map<String, Object> extra) {
        Map<String, Object> merged = new LinkedHashMap<>(applicationProperties);
        merged.putAll(extra);
        byte[] encodedApp = AmqpCodec.local().encodeObject(new ApplicationProperties(merged));
        int cutStart = appStart >= 0 ? appStart : propertiesEnd();
        int cutEnd = appStart >= 0 ? appEnd : cutStart;
        byte[] out = new byte[bare.length - (cutEnd - cutStart) + encodedApp.length];
        System.arraycopy(bare, 0, out, 0, cutStart);
        System.arraycopy(encodedApp, 0, out, cutStart, encodedApp.length);
        System.arraycopy(bare, cutEnd, out, cutStart + encodedApp.length, bare.length - cutEnd);
        return new MessageContent(durable, priority, ttlMillis, annotations, properties, merged, out,
                cutStart, cutStart + encodedApp.length);
    }

    /**
     * A copy with {@code messageId} set in its properties section (Service Bus gives a message sent
     * without one an id of its own, and clients such as the Node SDK key their lock renewal on it); the
     * other sections keep their bytes.
     */
    public MessageContent withMessageId(String messageId) {
        Properties updated = copyOf(properties);
        updated.setMessageId(messageId);
        byte[] encoded = AmqpCodec.local().encodeObject(updated);
        int cutEnd = propertiesEnd();
        byte[] out = new byte[bare.length - cutEnd + encoded.length];
        System.arraycopy(encoded, 0, out, 0, encoded.length);
        System.arraycopy(bare, cutEnd, out, encoded.length, bare.length - cutEnd);
        int shift = encoded.length - cutEnd;
        return new MessageContent(durable, priority, ttlMillis, annotations, updated, applicationProperties, out,
                appStart >= 0 ? appStart + shift : -1, appStart >= 0 ? appEnd + shift : -1);
    }

    private static Properties copyOf(Properties p) {
        Properties copy = new Properties();
        copy.setMessageId(p.getMessageId());
        copy.setUserId(p.getUserId());
        copy.setTo(p.getTo());
        copy.setSubject(p.getSubject());
        copy.setReplyTo(p.getReplyTo());
        copy.setCorrelationId(p.getCorrelationId());
        copy.setContentType(p.getContentType());
        copy.setContentEncoding(p.getContentEncoding());
        copy.setAbsoluteExpiryTime(p.getAbsoluteExpiryTime());
        copy.setCreationTime(p.getCreationTime());
        copy.setGroupId(p.getGroupId());
        copy.setGroupSequence(p.getGroupSequence());
        copy.setReplyToGroupId(p.getReplyToGroupId());
        return copy;
    }

    private int propertiesEnd() {
        // Application properties follow properties; with neither present they start the bare message.
        return MessageParser.propertiesEnd(bare);
    }
}
