package io.contextbus.topology;

/**
 * A rule's {@code Action}: a SQL action expression ({@code SET}/{@code REMOVE}) Service Bus applies
 * to messages the rule matched. Kept as text so files round-trip; contextbus itself declares none.
 */
public record RuleAction(String sqlExpression) {
    public RuleAction {
        Checks.notNull(sqlExpression, "SqlExpression");
        if (sqlExpression.isBlank()) {
            throw new TopologyException("SqlExpression", "cannot be blank.");
        }
    }
}
