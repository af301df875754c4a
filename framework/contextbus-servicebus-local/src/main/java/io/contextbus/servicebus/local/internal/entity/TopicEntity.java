package io.contextbus.servicebus.local.internal.entity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.contextbus.servicebus.local.internal.codec.MessageContent;

/**
 * A topic: one entrance whose messages are copied to every subscription with a matching rule
 * (a subscription matches when any of its rules' filters does).
 */
public final class TopicEntity extends SendFront {

    /** A subscription: its messages and its rules' filters. */
    public record Subscription(String name, MessageEntity messages, List<MessageFilter> filters) {

        public Subscription {
            filters = List.copyOf(filters);
        }

        boolean matches(MessageContent content) {
            for (MessageFilter filter : filters) {
                if (filter.matches(content)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    TopicEntity(String path, EntitySettings settings, EntityRuntime runtime) {
        super(path, settings, runtime);
    }

    Subscription addSubscription(String name, EntitySettings settings, List<MessageFilter> filters) {
        MessageEntity entity = new MessageEntity(path() + "/subscriptions/" + name, settings, true, runtime);
        Subscription subscription = new Subscription(name, entity, filters);
        subscriptions.put(name.toLowerCase(Locale.ROOT), subscription);
        return subscription;
    }

    public Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    @Override
    void route(MessageContent content, long sequence) {
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.matches(content)) {
                subscription.messages().enqueue(content, sequence);
            }
        }
    }

    @Override
    boolean needsSessionId(MessageContent content) {
        for (Subscription subscription : subscriptions.values()) {
            if (subscription.messages().requiresSession() && subscription.matches(content)) {
                return true;
            }
        }
        return false;
    }
}
