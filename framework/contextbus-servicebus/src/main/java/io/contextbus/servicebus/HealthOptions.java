package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import java.time.Duration;

/**
 * The limits {@link ContextBus#health()} and {@link ContextBus#readiness()} judge by.
 *
 * @param maxDispatchLag     the dispatcher is DOWN once its oldest unpublished commit is older than this
 * @param brokerProbeInterval how often the bus checks that Service Bus answers (a link to the context's
 *                           topic, or to one consumed subscription's topic)
 * @param brokerProbeTimeout a probe that has not answered after this long counts as failed
 * @param consumerErrorWindow a consumer is DOWN while its last receive error is more recent than this
 *                           and no message arrived after it
 * @param maxConsumerDelay   a consumer is behind (not ready) while the last message it received waited
 *                           longer than this in its subscription, until it has been caught up for this long
 */
public record HealthOptions(Duration maxDispatchLag, Duration brokerProbeInterval, Duration brokerProbeTimeout,
                            Duration consumerErrorWindow, Duration maxConsumerDelay) {

    public static final HealthOptions DEFAULT = new HealthOptions(Duration.ofSeconds(60), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30));

    public HealthOptions {
        ValidationException.requirePositive(maxDispatchLag, "maxDispatchLag");
        ValidationException.requirePositive(brokerProbeInterval, "brokerProbeInterval");
        ValidationException.requirePositive(brokerProbeTimeout, "brokerProbeTimeout");
        ValidationException.requirePositive(consumerErrorWindow, "consumerErrorWindow");
        ValidationException.requirePositive(maxConsumerDelay, "maxConsumerDelay");
    }

    public HealthOptions withMaxDispatchLag(Duration value) {
        return new HealthOptions(value, brokerProbeInterval, brokerProbeTimeout, consumerErrorWindow, maxConsumerDelay);
    }

    public HealthOptions withBrokerProbeInterval(Duration value) {
        return new HealthOptions(maxDispatchLag, value, brokerProbeTimeout, consumerErrorWindow, maxConsumerDelay);
    }

    public HealthOptions withBrokerProbeTimeout(Duration value) {
        return new HealthOptions(maxDispatchLag, brokerProbeInterval, value, consumerErrorWindow, maxConsumerDelay);
    }

    public HealthOptions withConsumerErrorWindow(Duration value) {
        return new HealthOptions(maxDispatchLag, brokerProbeInterval, brokerProbeTimeout, value, maxConsumerDelay);
    }

    public HealthOptions withMaxConsumerDelay(Duration value) {
        return new HealthOptions(maxDispatchLag, brokerProbeInterval, brokerProbeTimeout, consumerErrorWindow, value);
    }
}
