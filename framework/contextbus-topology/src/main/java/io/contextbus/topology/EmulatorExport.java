package io.contextbus.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fits a {@link Topology} into the official emulator's Config.json schema: its single namespace
 * {@code sbemulatorns}, at most 50 queues and topics, at most 50 subscriptions per topic, a
 * dedupe window of PT5S..PT5M, a time to live of PT5M..PT1H, a subscription lock of at least PT1M,
 * at most 10 deliveries, and at least one subscription per topic. Values are clamped and each clamp
 * is reported as a warning; what cannot be clamped (too many entities, a filter or action over
 * 1,024 characters) is an error, and {@link #export} refuses a topology with one. Running every
 * context of the topology at once needs one AMQP connection per context, and the emulator takes
 * 10: more contexts are a warning.
 */
final class EmulatorExport {
    static final int MAX_ENTITIES = 50;
    static final int MAX_SUBSCRIPTIONS = 50;
    static final int MAX_DELIVERY_COUNT = 10;
    static final Duration MIN_TTL = Duration.ofMinutes(5);
    static final Duration MAX_TTL = Duration.ofHours(1);
    static final Duration MIN_DEDUPE = Duration.ofSeconds(5);
    static final Duration MAX_DEDUPE = Duration.ofMinutes(5);
    static final Duration MIN_SUBSCRIPTION_LOCK = Duration.ofMinutes(1);
    /** Added to a topic without subscriptions (the emulator requires one); its FalseFilter keeps it empty. */
    static final String PLACEHOLDER_SUBSCRIPTION = "cb-unrouted";
    static final int MAX_FILTER_LENGTH = 1024;
    static final int MAX_CONNECTIONS = 10;
    private static final String NS = "UserConfig.Namespaces[0]";

    private final List<EmulatorLimitViolation> findings = new ArrayList<>();
    /** Warnings about running the topology, not about the file: never an adjustment of the Config.json. */
    private final List<EmulatorLimitViolation> runtime = new ArrayList<>();

    private EmulatorExport() {
    }

    static EmulatorConfig export(Topology topology) {
        EmulatorExport export = new EmulatorExport();
        Topology fitted = export.fit(topology);
        for (EmulatorLimitViolation f : export.findings) {
            if (f.severity() == EmulatorLimitViolation.Severity.ERROR) {
                throw new TopologyException(f.path(), f.message());
            }
        }
        return new EmulatorConfig(TopologyWriter.write(fitted, true), export.findings.stream()
                .map(f -> f.path() + ": " + f.message()).toList());
    }

    /** Every limit of the emulator the topology exceeds: warnings (clamped by the export) and errors (refused). */
    static List<EmulatorLimitViolation> check(Topology topology) {
        EmulatorExport export = new EmulatorExport();
        export.fit(topology);
        List<EmulatorLimitViolation> all = new ArrayList<>(export.findings);
        all.addAll(export.runtime);
        return List.copyOf(all);
    }

    private Topology fit(Topology t) {
        if (t.entityCount() > MAX_ENTITIES) {
            error(NS, "holds " + t.entityCount() + " queues and topics; the emulator holds at most " + MAX_ENTITIES + ".");
        }
        if (!t.namespace().equals(Topology.EMULATOR_NAMESPACE)) {
            warn(NS + ".Name", "'" + t.namespace() + "' written as '" + Topology.EMULATOR_NAMESPACE
                    + "' (the only namespace the emulator accepts).");
        }
        checkConnections(t);
        List<QueueDefinition> queues = new ArrayList<>();
        for (int i = 0; i < t.queues().size(); i++) {
            queues.add(queue(t.queues().get(i), NS + ".Queues[" + i + "].Properties."));
        }
        List<TopicDefinition> topics = new ArrayList<>();
        for (int i = 0; i < t.topics().size(); i++) {
            topics.add(topic(t.topics().get(i), NS + ".Topics[" + i + "]"));
        }
        return new Topology(Topology.EMULATOR_NAMESPACE, queues, topics, t.logging());
    }

    private QueueDefinition queue(QueueDefinition q, String at) {
        QueueProperties p = q.properties();
        return new QueueDefinition(q.name(), p
                .withDefaultMessageTimeToLive(clamp(p.defaultMessageTimeToLive(), MIN_TTL, MAX_TTL,
                        at + "DefaultMessageTimeToLive"))
                .withDuplicateDetectionHistoryTimeWindow(clamp(p.duplicateDetectionHistoryTimeWindow(), MIN_DEDUPE,
                        MAX_DEDUPE, at + "DuplicateDetectionHistoryTimeWindow"))
                .withMaxDeliveryCount(clamp(p.maxDeliveryCount(), at + "MaxDeliveryCount")));
    }

    private TopicDefinition topic(TopicDefinition topic, String at) {
        if (topic.subscriptions().size() > MAX_SUBSCRIPTIONS) {
            error(at + ".Subscriptions", "holds " + topic.subscriptions().size()
                    + " subscriptions; the emulator holds at most " + MAX_SUBSCRIPTIONS + " per topic.");
        }
        TopicProperties p = topic.properties();
        TopicProperties props = p
                .withDefaultMessageTimeToLive(clamp(p.defaultMessageTimeToLive(), MIN_TTL, MAX_TTL,
                        at + ".Properties.DefaultMessageTimeToLive"))
                .withDuplicateDetectionHistoryTimeWindow(clamp(p.duplicateDetectionHistoryTimeWindow(), MIN_DEDUPE,
                        MAX_DEDUPE, at + ".Properties.DuplicateDetectionHistoryTimeWindow"));
        List<SubscriptionDefinition> subs = new ArrayList<>();
        for (int j = 0; j < topic.subscriptions().size(); j++) {
            subs.add(subscription(topic.subscriptions().get(j), at + ".Subscriptions[" + j + "].Properties."));
            checkRules(topic.subscriptions().get(j), at + ".Subscriptions[" + j + "].Rules");
        }
        if (subs.isEmpty()) {
            warn(at + ".Subscriptions", "empty; added subscription '" + PLACEHOLDER_SUBSCRIPTION
                    + "' with FalseFilter 1=0 (the emulator requires one per topic; it never holds a message).");
            subs.add(new SubscriptionDefinition(PLACEHOLDER_SUBSCRIPTION,
                    SubscriptionProperties.DEFAULT.withDefaultMessageTimeToLive(MAX_TTL),
                    List.of(RuleDefinition.of("unrouted", SqlRuleFilter.FALSE))));
        }
        return new TopicDefinition(topic.name(), props, subs);
    }

    private SubscriptionDefinition subscription(SubscriptionDefinition s, String at) {
        SubscriptionProperties p = s.properties();
        return new SubscriptionDefinition(s.name(), p
                .withDefaultMessageTimeToLive(clamp(p.defaultMessageTimeToLive(), MIN_TTL, MAX_TTL,
                        at + "DefaultMessageTimeToLive"))
                .withLockDuration(clamp(p.lockDuration(), MIN_SUBSCRIPTION_LOCK, Checks.MAX_LOCK,
                        at + "LockDuration"))
                .withMaxDeliveryCount(clamp(p.maxDeliveryCount(), at + "MaxDeliveryCount")), s.rules());
    }

    private Duration clamp(Duration value, Duration min, Duration max, String path) {
        Duration fitted = value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
        if (!fitted.equals(value)) {
            warn(path, IsoDurations.format(value) + " written as " + IsoDurations.format(fitted)
                    + " (the emulator allows " + IsoDurations.format(min) + ".." + IsoDurations.format(max) + ").");
        }
        return fitted;
    }

    private int clamp(int maxDeliveryCount, String path) {
        if (maxDeliveryCount <= MAX_DELIVERY_COUNT) {
            return maxDeliveryCount;
        }
        warn(path, maxDeliveryCount + " written as " + MAX_DELIVERY_COUNT
                + " (the emulator allows 1.." + MAX_DELIVERY_COUNT + ").");
        return MAX_DELIVERY_COUNT;
    }

    /** The emulator refuses filter and action texts over 1,024 characters; nothing can shorten them. */
    private void checkRules(SubscriptionDefinition s, String at) {
        for (int k = 0; k < s.rules().size(); k++) {
            RuleDefinition rule = s.rules().get(k);
            String ruleAt = at + "[" + k + "].Properties.";
            if (rule.filter() instanceof SqlRuleFilter sql) {
                checkLength(sql.sqlExpression(), ruleAt + "SqlFilter.SqlExpression", "filter");
            }
            rule.action().ifPresent(a -> checkLength(a.sqlExpression(), ruleAt + "Action.SqlExpression", "action"));
        }
    }

    private void checkLength(String text, String path, String what) {
        if (text.length() > MAX_FILTER_LENGTH) {
            error(path, "is " + text.length() + " characters; the emulator refuses a " + what + " over "
                    + MAX_FILTER_LENGTH + ".");
        }
    }

    /** One connection per running context (its publisher and consumers share it); the emulator takes 10. */
    private void checkConnections(Topology t) {
        Set<String> contexts = new TreeSet<>();
        for (TopicDefinition topic : t.topics()) {
            ContextBusTopology.contextOfTopic(topic.name()).ifPresent(contexts::add);
            topic.subscriptions().stream().map(SubscriptionDefinition::name)
                    .filter(ContextBusTopology::isContextName).forEach(contexts::add);
        }
        if (contexts.size() > MAX_CONNECTIONS) {
            runtime.add(new EmulatorLimitViolation(EmulatorLimitViolation.Severity.WARNING, NS, contexts.size()
                    + " contexts each open one AMQP connection when they run at once; the emulator accepts "
                    + MAX_CONNECTIONS + " concurrent connections (test clients count too)."));
        }
    }

    private void warn(String path, String message) {
        findings.add(new EmulatorLimitViolation(EmulatorLimitViolation.Severity.WARNING, path, message));
    }

    private void error(String path, String message) {
        findings.add(new EmulatorLimitViolation(EmulatorLimitViolation.Severity.ERROR, path, message));
    }
}
