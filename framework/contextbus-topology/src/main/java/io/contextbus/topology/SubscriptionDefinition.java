package io.contextbus.topology;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A subscription on a topic: its name, properties and rules. Rule names are unique
 * (case-insensitively, as in Service Bus). A subscription declared without rules gets Service Bus'
 * {@code $Default} TrueFilter rule, which {@link #effectiveRules()} makes explicit.
 */
public record SubscriptionDefinition(String name, SubscriptionProperties properties, List<RuleDefinition> rules) {

    public SubscriptionDefinition {
        Checks.name(name, Checks.SUBSCRIPTION_NAME, "1-50 letters, digits, '.', '-', '_' starting and ending "
                + "with a letter or digit", "Name");
        Checks.notNull(properties, "Properties");
        rules = List.copyOf(Checks.notNull(rules, "Rules"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            if (!seen.add(rules.get(i).name().toLowerCase(Locale.ROOT))) {
                throw new TopologyException("Rules[" + i + "].Name", "duplicates rule name '"
                        + rules.get(i).name() + "'.");
            }
        }
    }

    /** A subscription with default properties and the given rules. */
    public static SubscriptionDefinition of(String name, RuleDefinition... rules) {
        return new SubscriptionDefinition(name, SubscriptionProperties.DEFAULT, List.of(rules));
    }

    /** The rules the broker applies: the declared ones, or {@code $Default} (TrueFilter) when none are. */
    public List<RuleDefinition> effectiveRules() {
        return rules.isEmpty() ? List.of(RuleDefinition.DEFAULT) : rules;
    }

    /** The declared rule with this name (case-insensitive). */
    public Optional<RuleDefinition> rule(String ruleName) {
        return rules.stream().filter(r -> r.name().equalsIgnoreCase(ruleName)).findFirst();
    }
}
