package io.contextbus.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Compares the topology file with a live namespace (read into the same model), entity by entity
 * and property by property, matching names case-insensitively. Both directions count: what the
 * file declares and the namespace lacks, and what the namespace has and the file does not.
 */
final class TopologyDrift {
    private static final String ABSENT = "absent";
    private static final String PRESENT = "present";

    private final List<TopologyDifference> found = new ArrayList<>();

    private TopologyDrift() {
    }

    static List<TopologyDifference> between(Topology expected, Topology actual) {
        TopologyDrift drift = new TopologyDrift();
        drift.entities(expected.queues(), actual.queues(), QueueDefinition::name, (e, a) ->
                drift.properties(e.name(), TopologyWriter.properties(e.properties(), false),
                        TopologyWriter.properties(a.properties(), false)));
        drift.entities(expected.topics(), actual.topics(), TopicDefinition::name, drift::topic);
        return List.copyOf(drift.found);
    }

    private void topic(TopicDefinition expected, TopicDefinition actual) {
        properties(expected.name(), TopologyWriter.properties(expected.properties(), false),
                TopologyWriter.properties(actual.properties(), false));
        String prefix = expected.name() + "/subscriptions/";
        entities(prefix, expected.subscriptions(), actual.subscriptions(), SubscriptionDefinition::name, (e, a) -> {
            String path = prefix + e.name();
            properties(path, TopologyWriter.properties(e.properties(), false),
                    TopologyWriter.properties(a.properties(), false));
            // Compare effective rules: a subscription declared without rules has $Default on Azure.
            entities(path + "/rules/", e.effectiveRules(), withoutInertDefault(e, a.effectiveRules()),
                    RuleDefinition::name, (er, ar) ->
                    properties(path + "/rules/" + er.name(), TopologyWriter.properties(er),
                            TopologyWriter.properties(ar), TopologyDrift::sameRuleProperty));
        });
    }

    /**
     * ARM cannot delete the {@code $Default} rule Service Bus adds to a new subscription, so the
     * Azure deployment redefines it as the FalseFilter. Such a rule never matches: when the topology
     * does not declare {@code $Default}, a live FalseFilter {@code $Default} is no difference.
     */
    private static List<RuleDefinition> withoutInertDefault(SubscriptionDefinition expected,
                                                            List<RuleDefinition> live) {
        if (expected.rule(RuleDefinition.DEFAULT_RULE_NAME).isPresent()) {
            return live;
        }
        return live.stream().filter(r -> !(r.name().equalsIgnoreCase(RuleDefinition.DEFAULT_RULE_NAME)
                && r.action().isEmpty() && r.filter() instanceof SqlRuleFilter sql
                && sql.sqlExpression().replace(" ", "").equals(SqlRuleFilter.FALSE.sqlExpression()))).toList();
    }

    private <T> void entities(List<T> expected, List<T> actual, Function<T, String> name, BiConsumer<T, T> same) {
        entities("", expected, actual, name, same);
    }

    private <T> void entities(String prefix, List<T> expected, List<T> actual, Function<T, String> name,
                              BiConsumer<T, T> same) {
        for (T e : expected) {
            Optional<T> a = find(actual, name, name.apply(e));
            if (a.isPresent()) {
                same.accept(e, a.get());
            } else {
                found.add(new TopologyDifference(prefix + name.apply(e), "exists", PRESENT, ABSENT));
            }
        }
        for (T a : actual) {
            if (find(expected, name, name.apply(a)).isEmpty()) {
                found.add(new TopologyDifference(prefix + name.apply(a), "exists", ABSENT, PRESENT));
            }
        }
    }

    private static <T> Optional<T> find(List<T> items, Function<T, String> name, String wanted) {
        return items.stream().filter(i -> name.apply(i).equalsIgnoreCase(wanted)).findFirst();
    }

    private void properties(String entity, ObjectNode expected, ObjectNode actual) {
        properties(entity, expected, actual, JsonNode::equals);
    }

    private void properties(String entity, ObjectNode expected, ObjectNode actual,
                            BiPredicate<JsonNode, JsonNode> same) {
        Iterator<String> names = expected.fieldNames();
        while (names.hasNext()) {
            String field = names.next();
            JsonNode e = expected.get(field);
            JsonNode a = actual.get(field);
            if (a == null || !same.test(e, a)) {
                found.add(new TopologyDifference(entity, field, text(e), text(a)));
            }
        }
        Iterator<String> actualNames = actual.fieldNames();
        while (actualNames.hasNext()) {
            String field = actualNames.next();
            if (!expected.has(field)) {
                found.add(new TopologyDifference(entity, field, ABSENT, text(actual.get(field))));
            }
        }
    }

    /**
     * Service Bus returns a rule's SQL reformatted (spacing, keyword case), so a filter or action
     * is the same when its SQL is the same outside string literals up to whitespace and case.
     */
    private static boolean sameRuleProperty(JsonNode expected, JsonNode actual) {
        if (expected.has("SqlExpression") && actual.has("SqlExpression") && expected.size() == 1 && actual.size() == 1) {
            return canonicalSql(expected.get("SqlExpression").asText()).equals(canonicalSql(actual.get("SqlExpression").asText()));
        }
        return expected.equals(actual);
    }

    /** Whitespace dropped and letters lower-cased outside {@code '...'} literals; literals kept as written. */
    static String canonicalSql(String sql) {
        StringBuilder b = new StringBuilder(sql.length());
        boolean inLiteral = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                inLiteral = !inLiteral;  // a doubled quote inside a literal toggles twice: still inside
                b.append(c);
            } else if (inLiteral) {
                b.append(c);
            } else if (!Character.isWhitespace(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString();
    }

    private static String text(JsonNode value) {
        if (value == null) {
            return ABSENT;
        }
        return value.isTextual() ? value.asText() : value.toString();
    }
}
