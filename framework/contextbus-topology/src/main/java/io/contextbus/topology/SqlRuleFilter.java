package io.contextbus.topology;

import io.contextbus.topology.filter.FilterSyntaxException;
import io.contextbus.topology.filter.MessageFilters;

/**
 * A SQL filter ({@code FilterType: Sql}): a Service Bus SQL-92 subset expression over system
 * ({@code sys.*}) and application properties. The expression is compiled at construction, so a
 * topology never holds a filter that cannot run; the text is kept as written. {@link #TRUE} and
 * {@link #FALSE} are Service Bus' TrueFilter ({@code 1=1}) and FalseFilter ({@code 1=0}).
 */
public record SqlRuleFilter(String sqlExpression) implements RuleFilter {
    /** Service Bus' TrueFilter, the filter of the {@code $Default} rule. */
    public static final SqlRuleFilter TRUE = new SqlRuleFilter("1=1");
    /** Service Bus' FalseFilter: matches nothing. */
    public static final SqlRuleFilter FALSE = new SqlRuleFilter("1=0");

    public SqlRuleFilter {
        Checks.notNull(sqlExpression, "SqlExpression");
        if (sqlExpression.isBlank()) {
            throw new TopologyException("SqlExpression", "cannot be blank.");
        }
        try {
            MessageFilters.sql(sqlExpression);
        } catch (FilterSyntaxException e) {
            throw new TopologyException("SqlExpression", "is not a valid SQL filter: expected " + e.expected()
                    + " at offset " + e.position() + " but found " + e.found() + ".", e);
        }
    }

    @Override
    public String filterType() {
        return "Sql";
    }
}
