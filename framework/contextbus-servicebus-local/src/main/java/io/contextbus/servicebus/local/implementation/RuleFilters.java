package io.contextbus.servicebus.local.implementation;

import io.contextbus.servicebus.local.implementation.entity.ContentFilterContext;
import io.contextbus.servicebus.local.implementation.entity.MessageFilter;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.filter.MessageFilters;

/** Compiles a subscription's rules with the topology's filter engine into one broker filter. */
public final class RuleFilters {

    private RuleFilters() {
    }

    public static MessageFilter forSubscription(SubscriptionDefinition subscription) {
        io.contextbus.topology.filter.MessageFilter compiled = MessageFilters.forSubscription(subscription);
        if (compiled == MessageFilters.TRUE) {
            return MessageFilter.TRUE;
        }
        return content -> compiled.matches(new ContentFilterContext(content));
    }
}
