package io.contextbus.topology;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A topic: its name, properties and subscriptions. Subscription names are unique within the topic
 * (case-insensitively, as in Service Bus).
 */
public record TopicDefinition(String name, TopicProperties properties, List<SubscriptionDefinition> subscriptions) {

    public TopicDefinition {
        Checks.name(name, Checks.ENTITY_NAME, "1-260 letters, digits, '.', '-', '_', '/' starting and ending "
                + "with a letter or digit", "Name");
        Checks.notNull(properties, "Properties");
        subscriptions = List.copyOf(Checks.notNull(subscriptions, "Subscriptions"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < subscriptions.size(); i++) {
            if (!seen.add(subscriptions.get(i).name().toLowerCase(Locale.ROOT))) {
                throw new TopologyException("Subscriptions[" + i + "].Name", "duplicates subscription name '"
                        + subscriptions.get(i).name() + "'.");
            }
        }
    }

    /** The subscription with this name (case-insensitive). */
    public Optional<SubscriptionDefinition> subscription(String subscriptionName) {
        return subscriptions.stream().filter(s -> s.name().equalsIgnoreCase(subscriptionName)).findFirst();
    }
}
