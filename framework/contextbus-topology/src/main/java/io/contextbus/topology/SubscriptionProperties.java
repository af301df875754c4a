package io.contextbus.topology;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code Properties} of a subscription, named as in the emulator's Config.json, plus the
 * contextbus extra {@code DeadLetteringOnFilterEvaluationExceptions}. Range-checked at construction
 * against Azure Service Bus' limits; {@link #DEFAULT} holds Service Bus' defaults.
 */
public record SubscriptionProperties(
        boolean deadLetteringOnMessageExpiration,
        Duration defaultMessageTimeToLive,
        Duration lockDuration,
        int maxDeliveryCount,
        Optional<String> forwardDeadLetteredMessagesTo,
        Optional<String> forwardTo,
        boolean requiresSession,
        boolean deadLetteringOnFilterEvaluationExceptions) {

    /** Service Bus defaults: TTL never, lock PT1M, 10 deliveries, no sessions, filter errors dead-lettered. */
    public static final SubscriptionProperties DEFAULT = new SubscriptionProperties(false,
            Checks.MAX_TIME_TO_LIVE, Duration.ofMinutes(1), 10, Optional.empty(), Optional.empty(), false, true);

    public SubscriptionProperties {
        Checks.positive(defaultMessageTimeToLive, "DefaultMessageTimeToLive");
        Checks.between(lockDuration, Checks.MIN_LOCK, Checks.MAX_LOCK, "LockDuration");
        Checks.between(maxDeliveryCount, 1, Integer.MAX_VALUE, "MaxDeliveryCount");
        Checks.forwardTarget(forwardDeadLetteredMessagesTo, "ForwardDeadLetteredMessagesTo");
        Checks.forwardTarget(forwardTo, "ForwardTo");
    }

    public SubscriptionProperties withDeadLetteringOnMessageExpiration(boolean value) {
        return new SubscriptionProperties(value, defaultMessageTimeToLive, lockDuration, maxDeliveryCount,
                forwardDeadLetteredMessagesTo, forwardTo, requiresSession, deadLetteringOnFilterEvaluationExceptions);
    }

    public SubscriptionProperties withDefaultMessageTimeToLive(Duration value) {
        return new SubscriptionProperties(deadLetteringOnMessageExpiration, value, lockDuration, maxDeliveryCount,
                forwardDeadLetteredMessagesTo, forwardTo, requiresSession, deadLetteringOnFilterEvaluationExceptions);
    }

    public SubscriptionProperties withLockDuration(Duration value) {
        return new SubscriptionProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive, value,
                maxDeliveryCount, forwardDeadLetteredMessagesTo, forwardTo, requiresSession,
                deadLetteringOnFilterEvaluationExceptions);
    }

    public SubscriptionProperties withMaxDeliveryCount(int value) {
        return new SubscriptionProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive, lockDuration,
                value, forwardDeadLetteredMessagesTo, forwardTo, requiresSession,
                deadLetteringOnFilterEvaluationExceptions);
    }

    public SubscriptionProperties withForwardDeadLetteredMessagesTo(Optional<String> value) {
        return new SubscriptionProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive, lockDuration,
                maxDeliveryCount, value, forwardTo, requiresSession, deadLetteringOnFilterEvaluationExceptions);
    }

    public SubscriptionProperties withForwardTo(Optional<String> value) {
        return new SubscriptionProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive, lockDuration,
                maxDeliveryCount, forwardDeadLetteredMessagesTo, value, requiresSession,
                deadLetteringOnFilterEvaluationExceptions);
    }

    public SubscriptionProperties withRequiresSession(boolean value) {
        return new SubscriptionProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive, lockDuration,
                maxDeliveryCount, forwardDeadLetteredMessagesTo, forwardTo, value,
                deadLetteringOnFilterEvaluationExceptions);
    }

    public SubscriptionProperties withDeadLetteringOnFilterEvaluationExceptions(boolean value) {
        return new SubscriptionProperties(deadLetteringOnMessageExpiration, defaultMessageTimeToLive, lockDuration,
                maxDeliveryCount, forwardDeadLetteredMessagesTo, forwardTo, requiresSession, value);
    }
}
