package io.contextbus.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole Service Bus topology of one namespace: queues, topics, subscriptions and rules. It is
 * read from and written to the official emulator's Config.json format (plus a few contextbus
 * extras), and is the single source for the framework's startup check, the emulator, the local
 * broker and Bicep. A Topology is always valid: names are unique (case-insensitively, as Service
 * Bus compares them), forwarding targets exist, and every value is within Service Bus' limits.
 */
public record Topology(String namespace, List<QueueDefinition> queues, List<TopicDefinition> topics, String logging) {
    /** The namespace name the official emulator requires. */
    public static final String EMULATOR_NAMESPACE = "sbemulatorns";
    /** The emulator's logging setting written when the file has none. */
    public static final String DEFAULT_LOGGING = "File";

    private static final Pattern NAMESPACE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9-]{4,48}[A-Za-z0-9]");
    private static final Set<String> LOGGING_TYPES = Set.of("File", "Console", "File,Console", "Console,File");
    private static final String NS = "UserConfig.Namespaces[0]";

    public Topology {
        Checks.name(namespace, NAMESPACE_NAME, "6-50 letters, digits and '-', starting with a letter",
                NS + ".Name");
        queues = List.copyOf(Checks.notNull(queues, NS + ".Queues"));
        topics = List.copyOf(Checks.notNull(topics, NS + ".Topics"));
        Checks.notNull(logging, "UserConfig.Logging.Type");
        if (!LOGGING_TYPES.contains(logging)) {
            throw new TopologyException("UserConfig.Logging.Type", "must be one of " + LOGGING_TYPES
                    + " but was '" + logging + "'.");
        }
        Map<String, String> entities = uniqueEntityNames(queues, topics);
        checkForwardTargets(queues, topics, entities);
    }

    /** An empty topology in the emulator's namespace; add entities with {@link #withQueues}/{@link #withTopics}. */
    public static Topology empty() {
        return new Topology(EMULATOR_NAMESPACE, List.of(), List.of(), DEFAULT_LOGGING);
    }

    /** Reads a topology file; every problem is a {@link TopologyException} naming the JSON path. */
    public static Topology parse(String json) {
        return TopologyReader.read(json);
    }

    /** Reads the topology file at {@code file} (UTF-8). */
    public static Topology read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read topology file " + file, e);
        }
    }

    /** This topology as a topology file (pretty-printed JSON, contextbus extras included). */
    public String toJson() {
        return TopologyWriter.write(this, false);
    }

    /**
     * A strict Config.json for the official emulator: extras removed, values clamped to the
     * emulator's limits, each change listed. Throws when the emulator cannot hold the topology.
     */
    public EmulatorConfig toEmulatorConfig() {
        return EmulatorExport.export(this);
    }

    /**
     * Every limit of the official Service Bus emulator this topology exceeds, each with its JSON
     * path: warnings for values {@link #toEmulatorConfig()} clamps (the emulator then differs from
     * Azure there), errors for what the emulator refuses (then {@code toEmulatorConfig()} throws).
     * Empty when the topology runs on the emulator unchanged.
     */
    public List<EmulatorLimitViolation> checkEmulatorLimits() {
        return EmulatorExport.check(this);
    }

    /** Shortcut for {@code toEmulatorConfig().json()}. */
    public String toEmulatorConfigJson() {
        return toEmulatorConfig().json();
    }

    /**
     * This topology as the JSON that Bicep loads ({@code loadJsonContent}) to deploy it to a Standard
     * Azure Service Bus namespace: flat lists of queues, topics, subscriptions and rules whose
     * {@code properties} are ARM resource properties, the owning context of each topic and
     * subscription, and the list of contexts. Throws a {@link TopologyException} for what a Standard
     * namespace or a per-context role assignment cannot express (a message size other than 256 KB,
     * a topic not named {@code <context>.events}, a subscription not named after a context,
     * non-string correlation filter properties).
     */
    public String toArmJson() {
        return ArmExport.export(this);
    }

    /** The contextbus rules this topology breaks (see {@link ContextBusTopology}); empty when none. */
    public List<TopologyViolation> validateForContextBus() {
        return ContextBusRules.check(this, Duration.ZERO);
    }

    /**
     * As {@link #validateForContextBus()}, and also reports every context topic whose duplicate
     * detection window is shorter than {@code minimumDuplicateDetectionWindow} (the dispatcher's
     * retry horizon: a re-publish after the window would be delivered twice to the inboxes).
     */
    public List<TopologyViolation> validateForContextBus(Duration minimumDuplicateDetectionWindow) {
        Checks.notNull(minimumDuplicateDetectionWindow, "minimumDuplicateDetectionWindow");
        return ContextBusRules.check(this, minimumDuplicateDetectionWindow);
    }

    /**
     * How {@code live} (a namespace read into this model) differs from this topology: missing and
     * extra entities and rules, and properties with other values. Empty when they agree. The
     * startup check decides which differences warn and which fail.
     */
    public List<TopologyDifference> differencesFrom(Topology live) {
        Checks.notNull(live, "live");
        return TopologyDrift.between(this, live);
    }

    public Topology withQueues(List<QueueDefinition> newQueues) {
        return new Topology(namespace, newQueues, topics, logging);
    }

    public Topology withTopics(List<TopicDefinition> newTopics) {
        return new Topology(namespace, queues, newTopics, logging);
    }

    public Topology withNamespace(String newNamespace) {
        return new Topology(newNamespace, queues, topics, logging);
    }

    /** The queue with this name (case-insensitive). */
    public Optional<QueueDefinition> queue(String name) {
        return queues.stream().filter(q -> q.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The topic with this name (case-insensitive). */
    public Optional<TopicDefinition> topic(String name) {
        return topics.stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The subscription {@code subscription} of topic {@code topic} (case-insensitive). */
    public Optional<SubscriptionDefinition> subscription(String topic, String subscription) {
        return topic(topic).flatMap(t -> t.subscription(subscription));
    }

    /** True when the entity (queue, topic, subscription, or one of their dead-letter queues) is declared. */
    public boolean contains(EntityPath path) {
        return path.subscription()
                .map(s -> subscription(path.entity(), s).isPresent())
                .orElseGet(() -> queue(path.entity()).isPresent() || topic(path.entity()).isPresent());
    }

    /** Queues plus topics: what Service Bus and the emulator count as entities of a namespace. */
    public int entityCount() {
        return queues.size() + topics.size();
    }

    /** The entity path of a subscription: {@code <topic>/subscriptions/<subscription>}. */
    public static String subscriptionPath(String topic, String subscription) {
        return EntityPath.ofSubscription(topic, subscription).toString();
    }

    /** The entity path of an entity's dead-letter queue: {@code <entityPath>/$deadletterqueue}. */
    public static String deadLetterPath(String entityPath) {
        return EntityPath.parse(entityPath).deadLetter().toString();
    }

    private static Map<String, String> uniqueEntityNames(List<QueueDefinition> queues, List<TopicDefinition> topics) {
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < queues.size(); i++) {
            claim(seen, queues.get(i).name(), NS + ".Queues[" + i + "].Name");
        }
        for (int i = 0; i < topics.size(); i++) {
            claim(seen, topics.get(i).name(), NS + ".Topics[" + i + "].Name");
        }
        return seen;
    }

    private static void claim(Map<String, String> seen, String name, String path) {
        String previous = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), path);
        if (previous != null) {
            throw new TopologyException(path, "duplicates the entity name '" + name + "' already used at "
                    + previous + " (queue and topic names share one namespace, case-insensitively).");
        }
    }

    private static void checkForwardTargets(List<QueueDefinition> queues, List<TopicDefinition> topics,
                                            Map<String, String> entities) {
        for (int i = 0; i < queues.size(); i++) {
            QueueProperties p = queues.get(i).properties();
            String at = NS + ".Queues[" + i + "].Properties.";
            checkTarget(p.forwardTo(), queues.get(i).name(), entities, at + "ForwardTo");
            checkTarget(p.forwardDeadLetteredMessagesTo(), queues.get(i).name(), entities,
                    at + "ForwardDeadLetteredMessagesTo");
        }
        for (int i = 0; i < topics.size(); i++) {
            List<SubscriptionDefinition> subs = topics.get(i).subscriptions();
            for (int j = 0; j < subs.size(); j++) {
                SubscriptionProperties p = subs.get(j).properties();
                String at = NS + ".Topics[" + i + "].Subscriptions[" + j + "].Properties.";
                checkTarget(p.forwardTo(), null, entities, at + "ForwardTo");
                checkTarget(p.forwardDeadLetteredMessagesTo(), null, entities, at + "ForwardDeadLetteredMessagesTo");
            }
        }
    }

    private static void checkTarget(Optional<String> target, String self, Map<String, String> entities, String path) {
        if (target.isEmpty()) {
            return;
        }
        String name = target.get();
        if (!entities.containsKey(name.toLowerCase(Locale.ROOT))) {
            throw new TopologyException(path, "names '" + name + "', which is neither a queue nor a topic of "
                    + "this topology.");
        }
        if (name.equalsIgnoreCase(self)) {
            throw new TopologyException(path, "cannot forward a queue to itself.");
        }
    }
}
