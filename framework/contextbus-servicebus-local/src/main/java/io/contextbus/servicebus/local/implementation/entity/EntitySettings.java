package io.contextbus.servicebus.local.implementation.entity;

import java.time.Duration;
import java.util.Objects;

/**
 * The Service Bus settings of one queue, topic or subscription, as the broker enforces them.
 * Values outside the service's limits are rejected at construction.
 */
public record EntitySettings(
        boolean requiresSession,
        boolean requiresDuplicateDetection,
        Duration duplicateDetectionWindow,
        int maxDeliveryCount,
        Duration lockDuration,
        Duration defaultMessageTimeToLive,
        boolean deadLetteringOnMessageExpiration,
        int maxMessageSizeBytes) {

    /** Service defaults: no sessions, no dedupe, 10 deliveries, 1 min lock, no TTL, 256 KB. */
    public static final EntitySettings DEFAULT = new EntitySettings(false, false, Duration.ofMinutes(10), 10,
            Duration.ofMinutes(1), Duration.ofMillis(Long.MAX_VALUE), false, 256 * 1024);

    public EntitySettings {
        Objects.requireNonNull(duplicateDetectionWindow, "'duplicateDetectionWindow' cannot be null.");
        Objects.requireNonNull(lockDuration, "'lockDuration' cannot be null.");
        Objects.requireNonNull(defaultMessageTimeToLive, "'defaultMessageTimeToLive' cannot be null.");
        if (maxDeliveryCount < 1) {
            throw new IllegalArgumentException("'maxDeliveryCount' must be at least 1.");
        }
        if (lockDuration.isNegative() || lockDuration.isZero()) {
            throw new IllegalArgumentException("'lockDuration' must be positive.");
        }
        if (maxMessageSizeBytes < 1024) {
            throw new IllegalArgumentException("'maxMessageSizeBytes' must be at least 1024.");
        }
    }

    public long lockMillis() {
        return lockDuration.toMillis();
    }

    public long windowMillis() {
        return duplicateDetectionWindow.toMillis();
    }

    /** The TTL in millis, saturating at Long.MAX_VALUE for "never expires". */
    public long ttlMillis() {
        try {
            return defaultMessageTimeToLive.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    public EntitySettings withRequiresSession(boolean value) {
        return new EntitySettings(value, requiresDuplicateDetection, duplicateDetectionWindow, maxDeliveryCount,
                lockDuration, defaultMessageTimeToLive, deadLetteringOnMessageExpiration, maxMessageSizeBytes);
    }
}
