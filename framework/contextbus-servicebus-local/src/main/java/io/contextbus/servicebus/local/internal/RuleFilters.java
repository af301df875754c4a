package io.contextbus.servicebus.local.internal;

import io.contextbus.servicebus.local.internal.entity.MessageFilter;
import io.contextbus.topology.RuleFilter;
import io.contextbus.topology.SqlRuleFilter;

/** Compiles topology rule filters into broker filters. */
public final class RuleFilters {

    private RuleFilters() {
    }

    public static MessageFilter compile(RuleFilter filter) {
        if (filter.equals(SqlRuleFilter.TRUE)) {
            return MessageFilter.TRUE;
        }
        if (filter.equals(SqlRuleFilter.FALSE)) {
            return content -> false;
        }
        throw new IllegalArgumentException("Unsupported filter " + filter);
    }
}
