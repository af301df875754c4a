package io.contextbus.servicebus.local.implementation.entity;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;
import io.contextbus.topology.filter.FilterContext;
import io.contextbus.topology.filter.MessageFilter;

/**
 * A topic: one entrance whose messages are copied to every subscription with a matching rule
 * (a subscription matches when any of its rules' filters does). A message without SessionId is
 * accepted; a session subscription it matches dead-letters its copy, as Service Bus does.
 */
public final class TopicEntity extends SendFront {

    /**
     * A subscription: its messages, the filter of its rules, and whether a message its filter
     * cannot evaluate is dead-lettered (else it is not copied to the subscription).
     */
    public record Subscription(String name, MessageEntity messages, MessageFilter filter,
            boolean deadLetterOnFilterError) {

        boolean matches(FilterContext message) {
            return filter.matches(message);
        }
    }

    // What Service Bus writes on a session subscription's copy of a message sent without SessionId.
    static final String NULL_SESSION_REASON = "Session id is null.";
    static final String NULL_SESSION_DESCRIPTION =
            "Session enabled entity doesn't allow a message whose session identifier is null.";

    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

    TopicEntity(String path, EntitySettings settings, EntityRuntime runtime) {
        super(path, settings, runtime);
    }

    Subscription addSubscription(String name, EntitySettings settings, MessageFilter filter,
            boolean deadLetterOnFilterError) {
        MessageEntity entity = new MessageEntity(path() + "/subscriptions/" + name, settings, true, runtime);
        Subscription subscription = new Subscription(name, entity, filter, deadLetterOnFilterError);
        subscriptions.put(name.toLowerCase(Locale.ROOT), subscription);
        return subscription;
    }

    public Map<String, Subscription> subscriptions() {
        return subscriptions;
    }

    @Override
    void route(MessageContent content, long sequence) {
        FilterContext message = new ContentFilterContext(content);
        for (Subscription subscription : subscriptions.values()) {
            boolean matches;
            try {
                matches = subscription.matches(message);
            } catch (RuntimeException filterError) {
                if (subscription.deadLetterOnFilterError()) {
                    subscription.messages().deadLetterOnArrival(content, sequence, "FilterEvaluationException",
                            String.valueOf(filterError.getMessage()));
                }
                continue;
            }
            if (!matches) {
                continue;
            }
            if (content.sessionId() == null && subscription.messages().requiresSession()) {
                subscription.messages().deadLetterOnArrival(content, sequence, NULL_SESSION_REASON,
                        NULL_SESSION_DESCRIPTION);
            } else {
                subscription.messages().enqueue(content, sequence);
            }
        }
    }

    /** A topic accepts a message without SessionId: its session subscriptions dead-letter their copies. */
    @Override
    boolean needsSessionId(MessageContent content) {
        return false;
    }
}
