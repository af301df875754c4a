package io.contextbus.servicebus.local.implementation;

import java.time.Duration;
import java.util.function.Function;

import io.contextbus.servicebus.local.implementation.entity.Broker;
import io.contextbus.servicebus.local.implementation.entity.EntitySettings;
import io.contextbus.servicebus.local.implementation.entity.TopicEntity;
import io.contextbus.topology.QueueDefinition;
import io.contextbus.topology.QueueProperties;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.SubscriptionProperties;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.TopicProperties;
import io.contextbus.topology.Topology;
import io.contextbus.topology.filter.MessageFilter;

/** Creates the broker's entities from a topology, each with its settings and rules. */
public final class TopologyEntities {

    private TopologyEntities() {
    }

    public static void create(Topology topology, Broker broker,
            Function<SubscriptionDefinition, MessageFilter> filters) {
        for (QueueDefinition queue : topology.queues()) {
            broker.addQueue(queue.name(), settings(queue.properties()));
        }
        for (TopicDefinition topic : topology.topics()) {
            TopicProperties properties = topic.properties();
            EntitySettings topicSettings = new EntitySettings(false, properties.requiresDuplicateDetection(),
                    properties.duplicateDetectionHistoryTimeWindow(), 10, Duration.ofMinutes(1),
                    properties.defaultMessageTimeToLive(), false, properties.maxMessageSizeInKilobytes() * 1024);
            TopicEntity entity = broker.addTopic(topic.name(), topicSettings);
            for (SubscriptionDefinition subscription : topic.subscriptions()) {
                broker.addSubscription(entity, subscription.name(),
                        settings(subscription.properties(), topicSettings), filters.apply(subscription),
                        subscription.properties().deadLetteringOnFilterEvaluationExceptions());
            }
        }
    }

    private static EntitySettings settings(QueueProperties p) {
        return new EntitySettings(p.requiresSession(), p.requiresDuplicateDetection(),
                p.duplicateDetectionHistoryTimeWindow(), p.maxDeliveryCount(), p.lockDuration(),
                p.defaultMessageTimeToLive(), p.deadLetteringOnMessageExpiration(), p.maxMessageSizeInKilobytes() * 1024);
    }

    private static EntitySettings settings(SubscriptionProperties p, EntitySettings topic) {
        Duration ttl = p.defaultMessageTimeToLive().compareTo(topic.defaultMessageTimeToLive()) < 0
                ? p.defaultMessageTimeToLive() : topic.defaultMessageTimeToLive();
        return new EntitySettings(p.requiresSession(), false, topic.duplicateDetectionWindow(),
                p.maxDeliveryCount(), p.lockDuration(), ttl, p.deadLetteringOnMessageExpiration(),
                topic.maxMessageSizeBytes());
    }
}
