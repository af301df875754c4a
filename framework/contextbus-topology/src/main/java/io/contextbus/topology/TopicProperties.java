package io.contextbus.topology;

import java.time.Duration;

/**
 * The {@code Properties} of a topic, named as in the emulator's Config.json, plus the contextbus
 * extras {@code MaxMessageSizeInKilobytes} and {@code SupportOrdering}. Range-checked at
 * construction against Azure Service Bus' limits; {@link #DEFAULT} holds Service Bus' defaults.
 */
public record TopicProperties(
        Duration defaultMessageTimeToLive,
        Duration duplicateDetectionHistoryTimeWindow,
        boolean requiresDuplicateDetection,
        int maxMessageSizeInKilobytes,
        boolean supportOrdering) {

    /** Service Bus defaults: TTL never, dedupe window PT10M (off), 256 KB, no ordering support. */
    public static final TopicProperties DEFAULT = new TopicProperties(Checks.MAX_TIME_TO_LIVE,
            Duration.ofMinutes(10), false, 256, false);

    public TopicProperties {
        Checks.positive(defaultMessageTimeToLive, "DefaultMessageTimeToLive");
        Checks.between(duplicateDetectionHistoryTimeWindow, Checks.MIN_DEDUPE_WINDOW, Checks.MAX_DEDUPE_WINDOW,
                "DuplicateDetectionHistoryTimeWindow");
        Checks.between(maxMessageSizeInKilobytes, 1, Checks.MAX_MESSAGE_KB, "MaxMessageSizeInKilobytes");
    }

    public TopicProperties withDefaultMessageTimeToLive(Duration value) {
        return new TopicProperties(value, duplicateDetectionHistoryTimeWindow, requiresDuplicateDetection,
                maxMessageSizeInKilobytes, supportOrdering);
    }

    public TopicProperties withDuplicateDetectionHistoryTimeWindow(Duration value) {
        return new TopicProperties(defaultMessageTimeToLive, value, requiresDuplicateDetection,
                maxMessageSizeInKilobytes, supportOrdering);
    }

    public TopicProperties withRequiresDuplicateDetection(boolean value) {
        return new TopicProperties(defaultMessageTimeToLive, duplicateDetectionHistoryTimeWindow, value,
                maxMessageSizeInKilobytes, supportOrdering);
    }

    public TopicProperties withMaxMessageSizeInKilobytes(int value) {
        return new TopicProperties(defaultMessageTimeToLive, duplicateDetectionHistoryTimeWindow,
                requiresDuplicateDetection, value, supportOrdering);
    }

    public TopicProperties withSupportOrdering(boolean value) {
        return new TopicProperties(defaultMessageTimeToLive, duplicateDetectionHistoryTimeWindow,
                requiresDuplicateDetection, maxMessageSizeInKilobytes, value);
    }
}
