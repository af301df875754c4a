package io.contextbus.topology;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code Properties} of a queue, named as in the emulator's Config.json, plus the contextbus
 * extra {@code MaxMessageSizeInKilobytes}. Every value is range-checked at construction against
 * Azure Service Bus' limits; {@link #DEFAULT} holds Service Bus' defaults.
 */
public record QueueProperties(
        boolean deadLetteringOnMessageExpiration,
        Duration defaultMessageTimeToLive,
        Duration duplicateDetectionHistoryTimeWindow,
        Optional<String> forwardDeadLetteredMessagesTo,
        Optional<String> forwardTo,
        Duration lockDuration,
        int maxDeliveryCount,
        boolean requiresDuplicateDetection,
        boolean requiresSession,
        int maxMessageSizeInKilobytes) {

    /** Service Bus defaults: TTL never, dedupe window PT10M (off), lock PT1M, 10 deliveries, 256 KB. */
    public static final QueueProperties DEFAULT = new QueueProperties(false, Checks.MAX_TIME_TO_LIVE,
            Duration.ofMinutes(10), Optional.empty(), Optional.empty(), Duration.ofMinutes(1), 10,
            false, false, 256);

    public QueueProperties {
        Checks.positive(defaultMessageTimeToLive, "DefaultMessageTimeToLive");
        Checks.between(duplicateDetectionHistoryTimeWindow, Checks.MIN_DEDUPE_WINDOW, Checks.MAX_DEDUPE_WINDOW,
                "DuplicateDetectionHistoryTimeWindow");
        Checks.forwardTarget(forwardDeadLetteredMessagesTo, "ForwardDeadLetteredMessagesTo");
        Checks.forwardTarget(forwardTo, "ForwardTo");
        Checks.between(lockDuration, Checks.MIN_LOCK, Checks.MAX_LOCK, "LockDuration");
        Checks.between(maxDeliveryCount, 1, Integer.MAX_VALUE, "MaxDeliveryCount");
        Checks.between(maxMessageSizeInKilobytes, 1, Checks.MAX_MESSAGE_KB, "MaxMessageSizeInKilobytes");
    }

    public QueueProperties withDeadLetteringOnMessageExpiration(boolean value) {
        return new QueueProperties(value, defaultMessageTimeToLive, duplicateDetectionHistoryTimeWindow,
                forwardDeadLetteredMessagesTo, forwardTo, lockDuration, maxDeliveryCount,
                requiresDuplicateDetection, requiresSession, maxMessageSizeInKilobytes);
    }

    public QueueProperties withDefaultMessageTimeToLive(Duration value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, value, duplicateDetectionHistoryTimeWindow,
                forwardDeadLetteredMessagesTo, forwardTo, lockDuration, maxDeliveryCount,
                requiresDuplicateDetection, requiresSession, maxMessageSizeInKilobytes);
    }

    public QueueProperties withDuplicateDetectionHistoryTimeWindow(Duration value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive, value,
                forwardDeadLetteredMessagesTo, forwardTo, lockDuration, maxDeliveryCount,
                requiresDuplicateDetection, requiresSession, maxMessageSizeInKilobytes);
    }

    public QueueProperties withForwardDeadLetteredMessagesTo(Optional<String> value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive,
                duplicateDetectionHistoryTimeWindow, value, forwardTo, lockDuration, maxDeliveryCount,
                requiresDuplicateDetection, requiresSession, maxMessageSizeInKilobytes);
    }

    public QueueProperties withForwardTo(Optional<String> value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive,
                duplicateDetectionHistoryTimeWindow, forwardDeadLetteredMessagesTo, value, lockDuration,
                maxDeliveryCount, requiresDuplicateDetection, requiresSession, maxMessageSizeInKilobytes);
    }

    public QueueProperties withLockDuration(Duration value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive,
                duplicateDetectionHistoryTimeWindow, forwardDeadLetteredMessagesTo, forwardTo, value,
                maxDeliveryCount, requiresDuplicateDetection, requiresSession, maxMessageSizeInKilobytes);
    }

    public QueueProperties withMaxDeliveryCount(int value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive,
                duplicateDetectionHistoryTimeWindow, forwardDeadLetteredMessagesTo, forwardTo, lockDuration,
                value, requiresDuplicateDetection, requiresSession, maxMessageSizeInKilobytes);
    }

    public QueueProperties withRequiresDuplicateDetection(boolean value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive,
                duplicateDetectionHistoryTimeWindow, forwardDeadLetteredMessagesTo, forwardTo, lockDuration,
                maxDeliveryCount, value, requiresSession, maxMessageSizeInKilobytes);
    }

    public QueueProperties withRequiresSession(boolean value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive,
                duplicateDetectionHistoryTimeWindow, forwardDeadLetteredMessagesTo, forwardTo, lockDuration,
                maxDeliveryCount, requiresDuplicateDetection, value, maxMessageSizeInKilobytes);
    }

    public QueueProperties withMaxMessageSizeInKilobytes(int value) {
        return new QueueProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive,
                duplicateDetectionHistoryTimeWindow, forwardDeadLetteredMessagesTo, forwardTo, lockDuration,
                maxDeliveryCount, requiresDuplicateDetection, requiresSession, value);
    }
}
