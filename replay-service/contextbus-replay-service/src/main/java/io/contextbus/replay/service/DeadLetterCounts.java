package io.contextbus.replay.service;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.replay.service.implementation.BrokerAdminCounts;
import java.net.URI;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where the status page reads how many messages each consumer's subscription has dead-lettered.
 * Service Bus keeps that count in the subscription's runtime properties, which the local broker
 * does not serve through the management API ({@code ServiceBusAdministrationClient}); it serves them
 * on its admin HTTP view instead ({@link #brokerAdmin}). Without a source the status shows no
 * dead-letter figure ({@link #NONE}), never a made-up zero.
 */
public interface DeadLetterCounts {
    /** No source: every count is unknown. */
    DeadLetterCounts NONE = new DeadLetterCounts() {
        @Override
        public Map<String, OptionalLong> deadLettered() {
            return Map.of();
        }

        @Override
        public String description() {
            return "none";
        }
    };

    /**
     * The dead-lettered message count per subscription path
     * ({@code <source>.events/subscriptions/<consumer>}), read now; a path that is absent is unknown.
     */
    Map<String, OptionalLong> deadLettered();

    /** Where the counts come from, as the status JSON names it. */
    String description();

    /** The subscription path whose dead-letter count belongs to {@code consumer}'s lag on {@code source}. */
    static String subscriptionPath(ContextName source, ContextName consumer) {
        return source.topicName() + "/subscriptions/" + consumer.value();
    }

    /**
     * The counts the local broker's admin HTTP view answers at {@code countsUrl} ({@code GET /counts}
     * of the standalone broker with {@code --admin-port}, or of the demo's broker process):
     * {@code {"<entity path>": {"deadLetterMessages": n, ...}, ...}}. Only {@code http} on a loopback
     * address: the view has no authentication and is meant for one machine.
     */
    static DeadLetterCounts brokerAdmin(URI countsUrl) {
        ValidationException.requireNonNull(countsUrl, "countsUrl");
        return new BrokerAdminCounts(countsUrl);
    }
}
