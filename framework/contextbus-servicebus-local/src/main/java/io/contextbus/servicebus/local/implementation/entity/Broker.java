package io.contextbus.servicebus.local.implementation.entity;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.contextbus.topology.filter.MessageFilter;

/**
 * The namespace: queues and topics by name, and the entities receivers read from (queues,
 * subscriptions, and their dead-letter queues). Names are case-insensitive, as in Service Bus.
 */
public final class Broker {

    private final EntityRuntime runtime;
    private final Map<String, SendFront> fronts = new LinkedHashMap<>();
    private final Map<String, MessageEntity> sources = new LinkedHashMap<>();

    public Broker(EntityRuntime runtime) {
        this.runtime = runtime;
    }

    public QueueEntity addQueue(String name, EntitySettings settings) {
        QueueEntity queue = new QueueEntity(name, settings, runtime);
        fronts.put(key(name), queue);
        register(queue.messages());
        return queue;
    }

    public TopicEntity addTopic(String name, EntitySettings settings) {
        TopicEntity topic = new TopicEntity(name, settings, runtime);
        fronts.put(key(name), topic);
        return topic;
    }

    public void addSubscription(TopicEntity topic, String name, EntitySettings settings, MessageFilter filter,
            boolean deadLetterOnFilterError) {
        register(topic.addSubscription(name, settings, filter, deadLetterOnFilterError).messages());
    }

    private void register(MessageEntity entity) {
        sources.put(key(entity.path()), entity);
        sources.put(key(entity.deadLetterQueue().path()), entity.deadLetterQueue());
    }

    /** The queue or topic at {@code path}, or null. */
    public SendFront sendTarget(String path) {
        return fronts.get(key(path));
    }

    /** The queue, subscription or dead-letter queue at {@code path}, or null. */
    public MessageEntity receiveSource(String path) {
        return sources.get(key(path));
    }

    public Map<String, SendFront> fronts() {
        return fronts;
    }

    public Map<String, MessageEntity> sources() {
        return sources;
    }

    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }
}
