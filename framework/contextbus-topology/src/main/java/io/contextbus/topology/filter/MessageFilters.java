package io.contextbus.topology.filter;

import io.contextbus.topology.CorrelationRuleFilter;
import io.contextbus.topology.RuleDefinition;
import io.contextbus.topology.RuleFilter;
import io.contextbus.topology.SqlRuleFilter;
import io.contextbus.topology.SubscriptionDefinition;
import java.util.List;
import java.util.Objects;

/**
 * Compiles the filters of a topology into {@link MessageFilter}s: SQL filters (the Service Bus
 * SQL-92 subset), correlation filters, and a subscription's rules together. Compile once, when the
 * topology is loaded; evaluation then allocates nothing for the usual filters.
 */
public final class MessageFilters {
    /** Matches every message (Service Bus' TrueFilter, {@code 1=1}). */
    public static final MessageFilter TRUE = message -> true;
    /** Matches no message (Service Bus' FalseFilter, {@code 1=0}). */
    public static final MessageFilter FALSE = message -> false;

    private MessageFilters() {
    }

    /**
     * Compiles a SQL filter expression.
     *
     * @throws FilterSyntaxException naming the offset, what was expected and what was found
     */
    public static MessageFilter sql(String expression) {
        Objects.requireNonNull(expression, "'expression' cannot be null.");
        SqlFilter filter = new SqlFilter(expression);
        if (filter.isConstant()) {
            return filter.matches(null) ? TRUE : FALSE;
        }
        return filter;
    }

    /** Compiles a correlation filter. */
    public static MessageFilter correlation(CorrelationRuleFilter filter) {
        Objects.requireNonNull(filter, "'filter' cannot be null.");
        return new CorrelationFilter(filter);
    }

    /** Compiles a rule filter of either kind. */
    public static MessageFilter compile(RuleFilter filter) {
        Objects.requireNonNull(filter, "'filter' cannot be null.");
        if (filter instanceof SqlRuleFilter sql) {
            return sql(sql.sqlExpression());
        }
        return correlation((CorrelationRuleFilter) filter);
    }

    /**
     * The filter of a whole subscription: a message is copied into it when any of its effective
     * rules matches ({@code $Default} when none are declared). When no rule matches and one of them
     * failed to evaluate, that failure is thrown, so the broker can dead-letter the message as
     * Service Bus does with {@code DeadLetteringOnFilterEvaluationExceptions}.
     */
    public static MessageFilter forSubscription(SubscriptionDefinition subscription) {
        Objects.requireNonNull(subscription, "'subscription' cannot be null.");
        List<MessageFilter> rules = subscription.effectiveRules().stream()
                .map(RuleDefinition::filter).map(MessageFilters::compile).toList();
        return anyOf(rules);
    }

    /** Matches when any of the filters matches; see {@link #forSubscription} for evaluation failures. */
    public static MessageFilter anyOf(List<MessageFilter> filters) {
        List<MessageFilter> copy = List.copyOf(filters);
        if (copy.size() == 1) {
            return copy.get(0);
        }
        if (copy.contains(TRUE)) {
            return TRUE;
        }
        MessageFilter[] all = copy.toArray(MessageFilter[]::new);
        return message -> {
            FilterEvaluationException failure = null;
            for (MessageFilter f : all) {
                try {
                    if (f.matches(message)) {
                        return true;
                    }
                } catch (FilterEvaluationException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return false;
        };
    }
}
