package io.contextbus.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The contextbus naming and configuration rules, and a builder that turns "context X consumes
 * contexts Y, Z" into a {@link Topology} that follows them: topic {@code <context>.events} with
 * duplicate detection (explicit window, default PT10M) and ordering support; on each consumed
 * topic a session-enabled subscription named after the consumer, 10 deliveries, PT1M lock,
 * dead-lettering on filter errors, and the single rule {@code replay-target}
 * ({@code cb_replay_target IS NULL OR cb_replay_target = '<consumer>'}) so a replay reaches only its
 * target. {@link Topology#validateForContextBus()} checks any topology against the same rules.
 */
public final class ContextBusTopology {
    /** Suffix of every context topic: {@code <context>.events}. */
    public static final String TOPIC_SUFFIX = ".events";
    /** Name of the rule that replaces {@code $Default} on contextbus subscriptions. */
    public static final String REPLAY_RULE_NAME = "replay-target";
    /** Application property naming the one context a replayed message is for. */
    public static final String REPLAY_TARGET_PROPERTY = "cb_replay_target";
    /** Default duplicate detection window of context topics (Service Bus' own default). */
    public static final Duration DEFAULT_DUPLICATE_DETECTION_WINDOW = Duration.ofMinutes(10);
    /** Lock duration of contextbus subscriptions. */
    public static final Duration DEFAULT_LOCK_DURATION = Duration.ofMinutes(1);
    /** Max delivery count of contextbus subscriptions. */
    public static final int DEFAULT_MAX_DELIVERY_COUNT = 10;
    /** Standard tier's message size limit. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE_KB = 256;

    // Duplicates io.contextbus.model.ContextName's rule: this module must not depend on contextbus-core.
    static final Pattern CONTEXT_NAME = Pattern.compile("[a-z][a-z0-9-]{1,39}");

    private ContextBusTopology() {
    }

    /** A new builder with the contextbus defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The contexts a context consumes, for {@link Builder#context(String, Consumes)}. */
    public static Consumes consumes(String... contexts) {
        return new Consumes(List.of(contexts));
    }

    /** True when {@code name} is a valid context name ({@code [a-z][a-z0-9-]{1,39}}). */
    public static boolean isContextName(String name) {
        return name != null && CONTEXT_NAME.matcher(name).matches();
    }

    /** The topic of a context: {@code <context>.events}. */
    public static String topicName(String context) {
        requireContext(context, "context");
        return context + TOPIC_SUFFIX;
    }

    /** The context a topic belongs to, when the topic follows the {@code <context>.events} rule. */
    public static Optional<String> contextOfTopic(String topicName) {
        if (topicName == null || !topicName.endsWith(TOPIC_SUFFIX)) {
            return Optional.empty();
        }
        String context = topicName.substring(0, topicName.length() - TOPIC_SUFFIX.length());
        return isContextName(context) ? Optional.of(context) : Optional.empty();
    }

    /** The replay rule's SQL: {@code cb_replay_target IS NULL OR cb_replay_target = '<consumer>'}. */
    public static String replayRuleExpression(String consumer) {
        requireContext(consumer, "consumer");
        return REPLAY_TARGET_PROPERTY + " IS NULL OR " + REPLAY_TARGET_PROPERTY + " = '" + consumer + "'";
    }

    /** The replay rule of {@code consumer}'s subscriptions. */
    public static RuleDefinition replayRule(String consumer) {
        return RuleDefinition.of(REPLAY_RULE_NAME, new SqlRuleFilter(replayRuleExpression(consumer)));
    }

    /** The properties of a context topic with the given dedupe window and max message size. */
    public static TopicProperties topicProperties(Duration duplicateDetectionWindow, int maxMessageSizeInKilobytes) {
        return TopicProperties.DEFAULT
                .withRequiresDuplicateDetection(true)
                .withDuplicateDetectionHistoryTimeWindow(duplicateDetectionWindow)
                .withSupportOrdering(true)
                .withMaxMessageSizeInKilobytes(maxMessageSizeInKilobytes);
    }

    /** The properties of a consumer's subscription with the given lock and delivery count. */
    public static SubscriptionProperties subscriptionProperties(Duration lockDuration, int maxDeliveryCount) {
        return SubscriptionProperties.DEFAULT
                .withRequiresSession(true)
                .withLockDuration(lockDuration)
                .withMaxDeliveryCount(maxDeliveryCount)
                .withDeadLetteringOnFilterEvaluationExceptions(true);
    }

    static void requireContext(String context, String path) {
        Checks.notNull(context, path);
        if (!isContextName(context)) {
            throw new TopologyException(path, "must match [a-z][a-z0-9-]{1,39} but was '" + context + "'.");
        }
    }

    /** The contexts one context consumes; names are checked when the topology is built. */
    public record Consumes(List<String> contexts) {
        public Consumes {
            contexts = List.copyOf(Checks.notNull(contexts, "consumes"));
        }
    }

    /**
     * Declares contexts and what they consume, then builds the topology. Contexts and their
     * subscriptions keep declaration order, so the same declarations always give the same file.
     */
    public static final class Builder {
        private final Map<String, List<String>> contexts = new LinkedHashMap<>();
        private String namespace = Topology.EMULATOR_NAMESPACE;
        private Duration duplicateDetectionWindow = DEFAULT_DUPLICATE_DETECTION_WINDOW;
        private Duration lockDuration = DEFAULT_LOCK_DURATION;
        private int maxDeliveryCount = DEFAULT_MAX_DELIVERY_COUNT;
        private int maxMessageSizeInKilobytes = DEFAULT_MAX_MESSAGE_SIZE_KB;

        private Builder() {
        }

        /** Declares a context that consumes no other context (it still gets its topic). */
        public Builder context(String context) {
            return context(context, new Consumes(List.of()));
        }

        /** Declares a context and the contexts whose topics it subscribes to. */
        public Builder context(String context, Consumes consumes) {
            requireContext(context, "context");
            Checks.notNull(consumes, "contexts[" + context + "].consumes");
            if (contexts.containsKey(context)) {
                throw new TopologyException("contexts[" + context + "]", "is declared twice.");
            }
            for (String source : consumes.contexts()) {
                requireContext(source, "contexts[" + context + "].consumes");
                if (source.equals(context)) {
                    throw new TopologyException("contexts[" + context + "].consumes", "cannot name the context itself.");
                }
            }
            contexts.put(context, List.copyOf(consumes.contexts().stream().distinct().toList()));
            return this;
        }

        public Builder namespace(String value) {
            this.namespace = Checks.notNull(value, "namespace");
            return this;
        }

        /** The dedupe window of every context topic; it must cover the dispatcher's retry horizon. */
        public Builder duplicateDetectionWindow(Duration value) {
            this.duplicateDetectionWindow = Checks.between(value, Checks.MIN_DEDUPE_WINDOW, Checks.MAX_DEDUPE_WINDOW,
                    "duplicateDetectionWindow");
            return this;
        }

        public Builder lockDuration(Duration value) {
            this.lockDuration = Checks.between(value, Checks.MIN_LOCK, Checks.MAX_LOCK, "lockDuration");
            return this;
        }

        public Builder maxDeliveryCount(int value) {
            this.maxDeliveryCount = Checks.between(value, 1, Integer.MAX_VALUE, "maxDeliveryCount");
            return this;
        }

        public Builder maxMessageSizeInKilobytes(int value) {
            this.maxMessageSizeInKilobytes = Checks.between(value, 1, Checks.MAX_MESSAGE_KB,
                    "maxMessageSizeInKilobytes");
            return this;
        }

        /** Builds the topology; fails when a consumed context was never declared. */
        public Topology build() {
            List<TopicDefinition> topics = new ArrayList<>();
            for (String source : contexts.keySet()) {
                List<SubscriptionDefinition> subs = new ArrayList<>();
                contexts.forEach((consumer, consumed) -> {
                    if (consumed.contains(source)) {
                        subs.add(new SubscriptionDefinition(consumer,
                                subscriptionProperties(lockDuration, maxDeliveryCount), List.of(replayRule(consumer))));
                    }
                });
                topics.add(new TopicDefinition(topicName(source),
                        topicProperties(duplicateDetectionWindow, maxMessageSizeInKilobytes), subs));
            }
            contexts.forEach((consumer, consumed) -> consumed.stream()
                    .filter(source -> !contexts.containsKey(source)).findFirst()
                    .ifPresent(source -> {
                        throw new TopologyException("contexts[" + consumer + "].consumes", "names '" + source
                                + "', which is not a declared context.");
                    }));
            return new Topology(namespace, List.of(), topics, Topology.DEFAULT_LOGGING);
        }
    }
}
