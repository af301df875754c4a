package io.contextbus.topology;

import java.util.Optional;

/**
 * One subscription rule: a name, a filter, and an optional action. A message is copied into a
 * subscription when at least one of its rules' filters matches.
 */
public record RuleDefinition(String name, RuleFilter filter, Optional<RuleAction> action) {
    /** The name of the rule Service Bus creates when a subscription is declared without rules. */
    public static final String DEFAULT_RULE_NAME = "$Default";
    /** Service Bus' implicit rule: {@code $Default} with the TrueFilter. */
    public static final RuleDefinition DEFAULT = new RuleDefinition(DEFAULT_RULE_NAME, SqlRuleFilter.TRUE,
            Optional.empty());

    public RuleDefinition {
        Checks.name(name, Checks.RULE_NAME, "$Default or 1-50 letters, digits, '.', '-', '_' starting and "
                + "ending with a letter or digit", "Name");
        Checks.notNull(filter, "Properties.FilterType");
        Checks.notNull(action, "Properties.Action");
    }

    /** A rule without an action. */
    public static RuleDefinition of(String name, RuleFilter filter) {
        return new RuleDefinition(name, filter, Optional.empty());
    }
}
