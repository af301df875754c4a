package io.contextbus.topology.filter;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The system properties a filter can read with {@code sys.<name>} (names as in Service Bus'
 * BrokeredMessage, matched case-insensitively). The expected value types are given per constant;
 * a broker returns null for a property the message does not carry.
 */
public enum SystemProperty {
    /** String. */
    CONTENT_TYPE("ContentType"),
    /** String. */
    CORRELATION_ID("CorrelationId"),
    /** String: the entity a dead-lettered message came from. */
    DEAD_LETTER_SOURCE("DeadLetterSource"),
    /** Integer or Long. */
    DELIVERY_COUNT("DeliveryCount"),
    /** Long. */
    ENQUEUED_SEQUENCE_NUMBER("EnqueuedSequenceNumber"),
    /** Instant. */
    ENQUEUED_TIME_UTC("EnqueuedTimeUtc"),
    /** Instant. */
    EXPIRES_AT_UTC("ExpiresAtUtc"),
    /** String: the subject (AMQP {@code properties.subject}). */
    LABEL("Label"),
    /** Instant. */
    LOCKED_UNTIL_UTC("LockedUntilUtc"),
    /** UUID. */
    LOCK_TOKEN("LockToken"),
    /** String. */
    MESSAGE_ID("MessageId"),
    /** String. */
    PARTITION_KEY("PartitionKey"),
    /** String. */
    REPLY_TO("ReplyTo"),
    /** String. */
    REPLY_TO_SESSION_ID("ReplyToSessionId"),
    /** Instant. */
    SCHEDULED_ENQUEUE_TIME_UTC("ScheduledEnqueueTimeUtc"),
    /** Long. */
    SEQUENCE_NUMBER("SequenceNumber"),
    /** String (AMQP {@code properties.group-id}). */
    SESSION_ID("SessionId"),
    /** Long: message size in bytes. */
    SIZE("Size"),
    /** Duration. */
    TIME_TO_LIVE("TimeToLive"),
    /** String. */
    TO("To"),
    /** String. */
    VIA_PARTITION_KEY("ViaPartitionKey");

    private static final Map<String, SystemProperty> BY_NAME = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(p -> p.propertyName.toLowerCase(Locale.ROOT), Function.identity()));

    private final String propertyName;

    SystemProperty(String propertyName) {
        this.propertyName = propertyName;
    }

    /** The name as written after {@code sys.}, e.g. {@code MessageId}. */
    public String propertyName() {
        return propertyName;
    }

    /** The system property with this name, ignoring case. */
    public static Optional<SystemProperty> byName(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }
}
