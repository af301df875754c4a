package io.contextbus.servicebus.implementation;

import com.azure.core.exception.ResourceNotFoundException;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.models.RuleProperties;
import com.azure.messaging.servicebus.administration.models.SqlRuleAction;
import com.azure.messaging.servicebus.administration.models.SqlRuleFilter;
import io.contextbus.model.ContextName;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.RuleAction;
import io.contextbus.topology.RuleDefinition;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.SubscriptionProperties;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.TopicProperties;
import io.contextbus.topology.Topology;
import io.contextbus.topology.TopologyDifference;
import io.contextbus.topology.TopologyViolation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the entities one context uses from a live namespace through the Service Bus management
 * (ATOM) API, into the topology model, so that the same checks run on what is deployed as on what
 * is declared. Only the settings contextbus relies on are read; the rest keep Service Bus defaults.
 * Needs a namespace with the management endpoint (Azure; not the local broker or the emulator).
 */
public final class LiveTopology {
    /** The topic settings {@link #drift} compares (the topology file's names): those a promise depends on. */
    private static final Set<String> TOPIC_SETTINGS = Set.of("RequiresDuplicateDetection",
            "DuplicateDetectionHistoryTimeWindow", "SupportOrdering");
    /** The subscription settings {@link #drift} compares; rules are always compared. */
    private static final Set<String> SUBSCRIPTION_SETTINGS = Set.of("RequiresSession", "LockDuration",
            "MaxDeliveryCount", "DeadLetteringOnFilterEvaluationExceptions");

    private LiveTopology() {
    }

    /**
     * Where the live entities of one context (as {@link #read} returns them) differ from the declared
     * topology, by {@link Topology#differencesFrom} on the same entities: the context's own topic,
     * and its subscription on each source topic with that subscription's rules. Only the settings
     * contextbus relies on are compared (duplicate detection and its window, ordering, sessions,
     * lock duration, max delivery count, dead-lettering on filter errors, the rules); the others are
     * not read from the namespace.
     */
    public static List<TopologyViolation> drift(Topology declared, Topology live, ContextName context, boolean publishes,
                                                Collection<ContextName> sources) {
        List<TopicDefinition> topics = new ArrayList<>();
        if (publishes) {
            declared.topic(context.topicName()).ifPresent(t -> topics.add(new TopicDefinition(t.name(), t.properties(),
                    List.of())));
        }
        for (ContextName source : sources) {
            declared.topic(source.topicName()).ifPresent(t -> topics.add(new TopicDefinition(t.name(), t.properties(),
                    t.subscription(context.value()).map(List::of).orElse(List.of()))));
        }
        String ownTopic = context.topicName();
        return Topology.empty().withTopics(topics).differencesFrom(live).stream()
                .filter(d -> compared(d, publishes ? ownTopic : null))
                .map(d -> new TopologyViolation(d.entity() + "." + d.property(), "is " + d.actual()
                        + " on the namespace but " + d.expected() + " in the topology file."))
                .toList();
    }

    private static boolean compared(TopologyDifference d, String ownTopic) {
        if (d.property().equals("exists") || d.entity().contains("/rules/")) {
            return true;
        }
        if (d.entity().contains("/subscriptions/")) {
            return SUBSCRIPTION_SETTINGS.contains(d.property());
        }
        // a source topic's own settings are its publisher's business, not this consumer's
        return d.entity().equalsIgnoreCase(ownTopic) && TOPIC_SETTINGS.contains(d.property());
    }

    public static Topology read(ServiceBusAdministrationClient admin, String namespace, ContextName context,
                         boolean publishes, Collection<ContextName> sources) {
        List<TopicDefinition> topics = new ArrayList<>();
        if (publishes) {
            readTopic(admin, context.topicName(), List.of()).ifPresent(topics::add);
        }
        for (ContextName source : sources) {
            List<SubscriptionDefinition> subs = readSubscription(admin, source.topicName(), context.value())
                    .map(List::of).orElse(List.of());
            readTopic(admin, source.topicName(), subs).ifPresent(topics::add);
        }
        return Topology.empty().withNamespace(namespace).withTopics(topics);
    }

    private static Optional<TopicDefinition> readTopic(ServiceBusAdministrationClient admin, String name,
                                                       List<SubscriptionDefinition> subs) {
        try {
            var t = admin.getTopic(name);
            TopicProperties p = ContextBusTopology.topicProperties(t.getDuplicateDetectionHistoryTimeWindow(),
                            (int) Math.min(Integer.MAX_VALUE, t.getMaxMessageSizeInKilobytes()))
                    .withRequiresDuplicateDetection(t.isDuplicateDetectionRequired())
                    .withSupportOrdering(t.isOrderingSupported());
            return Optional.of(new TopicDefinition(name, p, subs));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static Optional<SubscriptionDefinition> readSubscription(ServiceBusAdministrationClient admin,
                                                                     String topic, String name) {
        try {
            var s = admin.getSubscription(topic, name);
            SubscriptionProperties p = SubscriptionProperties.DEFAULT
                    .withRequiresSession(s.isSessionRequired())
                    .withLockDuration(s.getLockDuration())
                    .withMaxDeliveryCount(s.getMaxDeliveryCount())
                    .withDeadLetteringOnFilterEvaluationExceptions(s.isDeadLetteringOnFilterEvaluationExceptions());
            List<RuleDefinition> rules = new ArrayList<>();
            for (RuleProperties r : admin.listRules(topic, name)) {
                rules.add(toRule(r));
            }
            return Optional.of(new SubscriptionDefinition(name, p, rules));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private static RuleDefinition toRule(RuleProperties r) {
        // A correlation filter can never be the replay rule; FALSE keeps it visibly "not the replay rule".
        io.contextbus.topology.RuleFilter filter = r.getFilter() instanceof SqlRuleFilter sql
                ? new io.contextbus.topology.SqlRuleFilter(sql.getSqlExpression())
                : io.contextbus.topology.SqlRuleFilter.FALSE;
        Optional<RuleAction> action = r.getAction() instanceof SqlRuleAction a
                ? Optional.of(new RuleAction(a.getSqlExpression())) : Optional.empty();
        return new RuleDefinition(r.getName(), filter, action);
    }
}
