package io.contextbus.topology;

/**
 * The filter of a subscription rule, as the topology file declares it: a SQL expression or a
 * correlation filter. It is a description; {@code io.contextbus.topology.filter.MessageFilters}
 * compiles it into something that evaluates messages.
 */
public sealed interface RuleFilter permits SqlRuleFilter, CorrelationRuleFilter {

    /** The file's {@code FilterType}: {@code Sql} or {@code Correlation}. */
    String filterType();
}
