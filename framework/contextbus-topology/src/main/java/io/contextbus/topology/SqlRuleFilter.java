package io.contextbus.topology;

/**
 * A SQL filter ({@code FilterType: Sql}): a Service Bus SQL-92 subset expression over system
 * ({@code sys.*}) and application properties. {@link #TRUE} and {@link #FALSE} are Service Bus'
 * TrueFilter ({@code 1=1}) and FalseFilter ({@code 1=0}). The text is kept as written.
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
    }

    @Override
    public String filterType() {
        return "Sql";
    }
}
