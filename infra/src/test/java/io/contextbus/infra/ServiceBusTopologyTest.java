package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.infra.Deployment.Role;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.RuleDefinition;
import io.contextbus.topology.SqlRuleFilter;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.SubscriptionProperties;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.TopicProperties;
import io.contextbus.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Service Bus module deploys exactly the topology's entities with its settings, and exactly the
 * role assignments the topology implies: each context sends to its own topic and receives from
 * its own subscriptions, each context also sends to each topic it consumes (dead-letter resubmit,
 * ADR 0043), the replay service sends to every source topic, nothing else and nothing wider.
 */
class ServiceBusTopologyTest {
    private static final String NS = "sb-t0";
    private final Topology topology = Topology.read(Infra.topologyFile());

    @Test
    void deploys_exactly_the_topology_entities_and_settings() {
        assertEquals(expectedEntities(topology), deployedEntities(Infra.module("servicebus.bicep")));
    }

    @Test
    void assigns_exactly_the_roles_the_topology_implies() {
        assertEquals(expectedRoles(topology), deployedRoles(Infra.module("servicebus.bicep")));
    }

    @Test
    void the_namespace_is_standard_with_local_auth_disabled() {
        BicepFile sb = BicepFile.parse(Infra.module("servicebus.bicep"));
        JsonNode ns = new BicepEvaluator(sb, Deployment.principals(contexts())).instances("namespace").get(0).body();
        assertEquals("Standard", ns.path("sku").path("name").asText());
        assertTrue(ns.path("properties").path("disableLocalAuth").asBoolean(false));
    }

    @Test
    void a_changed_setting_in_the_topology_fails_the_comparison() {
        TopicDefinition first = topology.topics().get(0);
        SubscriptionDefinition sub = first.subscriptions().get(0);
        Topology changed = topology.withTopics(replaceFirst(topology, new TopicDefinition(first.name(),
                first.properties().withDuplicateDetectionHistoryTimeWindow(java.time.Duration.ofMinutes(5)),
                List.of(new SubscriptionDefinition(sub.name(), sub.properties().withMaxDeliveryCount(5), sub.rules()),
                        first.subscriptions().get(1)))));

        Map<String, Map<String, String>> deployed = deployedEntities(Infra.module("servicebus.bicep"));
        Map<String, Map<String, String>> expected = expectedEntities(changed);
        assertNotEquals(expected, deployed);
        assertEquals("PT5M", expected.get("ordering.events").get("duplicateDetectionHistoryTimeWindow"));
        assertEquals("PT10M", deployed.get("ordering.events").get("duplicateDetectionHistoryTimeWindow"));
        assertEquals("5", expected.get("ordering.events/subscriptions/inventory").get("maxDeliveryCount"));
    }

    @Test
    void an_extra_role_in_the_bicep_fails_the_comparison(@TempDir Path dir) throws IOException {
        // The replay service also receiving from every subscription: more than the topology implies.
        Path module = copyModule(dir, """

                resource replayReceivers 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (sub, i) in topology.subscriptions: {
                  scope: subscriptions[i]
                  name: guid(subscriptions[i].id, 'replay', dataReceiver)
                  properties: {
                    principalId: replayPrincipalId
                    principalType: 'ServicePrincipal'
                    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataReceiver)
                  }
                }]
                """);
        Set<Role> deployed = deployedRoles(module);
        Set<Role> expected = expectedRoles(topology);

        assertNotEquals(expected, deployed);
        Set<Role> extra = new LinkedHashSet<>(deployed);
        extra.removeAll(expected);
        assertEquals(Set.of(new Role("principal:replay", Deployment.RECEIVER, "ordering.events/subscriptions/inventory"),
                new Role("principal:replay", Deployment.RECEIVER, "ordering.events/subscriptions/shipping"),
                new Role("principal:replay", Deployment.RECEIVER, "ordering.events/subscriptions/billing"),
                new Role("principal:replay", Deployment.RECEIVER, "inventory.events/subscriptions/ordering")), extra);
    }

    @Test
    void each_consumer_sends_to_exactly_the_topics_it_consumes() {
        Set<Role> senders = new LinkedHashSet<>(deployedRoles(Infra.module("servicebus.bicep")));
        senders.removeIf(r -> !r.role().equals(Deployment.SENDER) || r.principal().equals("principal:replay"));
        assertEquals(Deployment.sorted(Set.of(
                new Role("principal:ordering", Deployment.SENDER, "ordering.events"),
                new Role("principal:ordering", Deployment.SENDER, "inventory.events"),
                new Role("principal:inventory", Deployment.SENDER, "inventory.events"),
                new Role("principal:inventory", Deployment.SENDER, "ordering.events"),
                new Role("principal:shipping", Deployment.SENDER, "shipping.events"),
                new Role("principal:shipping", Deployment.SENDER, "ordering.events"),
                new Role("principal:billing", Deployment.SENDER, "billing.events"),
                new Role("principal:billing", Deployment.SENDER, "ordering.events"))), senders);
    }

    @Test
    void role_assignment_names_are_deterministic_and_distinct() {
        BicepFile sb = BicepFile.parse(Infra.module("servicebus.bicep"));
        BicepEvaluator eval = new BicepEvaluator(sb, Deployment.principals(contexts()));
        List<String> names = new ArrayList<>();
        sb.resources.values().stream()
                .filter(d -> d.typeName().equals("Microsoft.Authorization/roleAssignments"))
                .forEach(d -> eval.instances(d.symbol()).forEach(i -> names.add(i.name())));
        // guid(...) of known values only: the same name on every deployment, one per assignment.
        names.forEach(n -> assertTrue(n.startsWith("guid(") && !n.contains("?"), n));
        assertEquals(names.size(), new LinkedHashSet<>(names).size(), names.toString());
        assertEquals(expectedRoles(topology).size(), names.size());
    }

    @Test
    void a_namespace_wide_sender_role_fails_the_comparison(@TempDir Path dir) throws IOException {
        // Data Sender on the namespace instead of on each consumed topic: wider than the topology implies.
        Path module = copyModule(dir, """

                resource namespaceSenders 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (context, i) in topology.contexts: {
                  scope: namespace
                  name: guid(namespace.id, context, dataSender)
                  properties: {
                    principalId: contextPrincipalIds[i]
                    principalType: 'ServicePrincipal'
                    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSender)
                  }
                }]
                """);
        Set<Role> extra = new LinkedHashSet<>(deployedRoles(module));
        extra.removeAll(expectedRoles(topology));
        assertEquals(Set.of(new Role("principal:ordering", Deployment.SENDER, "namespace"),
                new Role("principal:inventory", Deployment.SENDER, "namespace"),
                new Role("principal:shipping", Deployment.SENDER, "namespace"),
                new Role("principal:billing", Deployment.SENDER, "namespace")), extra);
    }

    @Test
    void a_consumer_sender_role_on_a_topic_it_does_not_consume_fails_the_comparison(@TempDir Path dir)
            throws IOException {
        // Every consumer's resubmit right on billing.events, a topic nobody consumes.
        Path module = Files.createDirectories(dir.resolve("modules")).resolve("servicebus.bicep");
        Files.writeString(module, Files.readString(Infra.module("servicebus.bicep"))
                .replace("scope: topics[indexOf(topicNames, sub.topic)]", "scope: topics[3]"));
        copyTopology(dir);
        Set<Role> extra = new LinkedHashSet<>(deployedRoles(module));
        extra.removeAll(expectedRoles(topology));
        assertEquals(Set.of(new Role("principal:inventory", Deployment.SENDER, "billing.events"),
                new Role("principal:shipping", Deployment.SENDER, "billing.events"),
                new Role("principal:ordering", Deployment.SENDER, "billing.events")), extra);
    }

    @Test
    void a_role_given_to_the_wrong_context_fails_the_comparison(@TempDir Path dir) throws IOException {
        Path module = Files.createDirectories(dir.resolve("modules")).resolve("servicebus.bicep");
        Files.writeString(module, Files.readString(Infra.module("servicebus.bicep"))
                .replace("contextPrincipalIds[indexOf(topology.contexts, sub.context)]", "contextPrincipalIds[0]"));
        copyTopology(dir);
        assertNotEquals(expectedRoles(topology), deployedRoles(module));
    }

    // ---- derived from the topology (the source of truth), independently of the export ----

    private List<String> contexts() {
        Set<String> contexts = new LinkedHashSet<>();
        topology.topics().forEach(t -> contexts.add(ContextBusTopology.contextOfTopic(t.name()).orElseThrow()));
        topology.topics().forEach(t -> t.subscriptions().forEach(s -> contexts.add(s.name())));
        return List.copyOf(contexts);
    }

    static Map<String, Map<String, String>> expectedEntities(Topology t) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (TopicDefinition topic : t.topics()) {
            TopicProperties p = topic.properties();
            out.put(topic.name(), new TreeMap<>(Map.of(
                    "defaultMessageTimeToLive", p.defaultMessageTimeToLive().toString(),
                    "duplicateDetectionHistoryTimeWindow", p.duplicateDetectionHistoryTimeWindow().toString(),
                    "requiresDuplicateDetection", String.valueOf(p.requiresDuplicateDetection()),
                    "supportOrdering", String.valueOf(p.supportOrdering()))));
            for (SubscriptionDefinition sub : topic.subscriptions()) {
                String path = topic.name() + "/subscriptions/" + sub.name();
                out.put(path, subscriptionSettings(sub.properties()));
                boolean declaresDefault = sub.rule(RuleDefinition.DEFAULT_RULE_NAME).isPresent();
                for (RuleDefinition rule : sub.rules()) {
                    out.put(path + "/rules/" + rule.name(), Map.of("filterType", "SqlFilter",
                            "sqlFilter", "{\"sqlExpression\":\"" + ((SqlRuleFilter) rule.filter()).sqlExpression()
                                    + "\"}"));
                }
                if (!sub.rules().isEmpty() && !declaresDefault) {
                    // ARM cannot delete $Default: it is redefined to match nothing.
                    out.put(path + "/rules/$Default", Map.of("filterType", "SqlFilter",
                            "sqlFilter", "{\"sqlExpression\":\"1=0\"}"));
                }
            }
        }
        return out;
    }

    private static Map<String, String> subscriptionSettings(SubscriptionProperties p) {
        Map<String, String> s = new TreeMap<>();
        s.put("deadLetteringOnFilterEvaluationExceptions", String.valueOf(p.deadLetteringOnFilterEvaluationExceptions()));
        s.put("deadLetteringOnMessageExpiration", String.valueOf(p.deadLetteringOnMessageExpiration()));
        s.put("defaultMessageTimeToLive", p.defaultMessageTimeToLive().toString());
        s.put("lockDuration", p.lockDuration().toString());
        s.put("maxDeliveryCount", String.valueOf(p.maxDeliveryCount()));
        s.put("requiresSession", String.valueOf(p.requiresSession()));
        p.forwardTo().ifPresent(f -> s.put("forwardTo", f));
        p.forwardDeadLetteredMessagesTo().ifPresent(f -> s.put("forwardDeadLetteredMessagesTo", f));
        return s;
    }

    static Set<Role> expectedRoles(Topology t) {
        Set<Role> roles = new LinkedHashSet<>();
        for (TopicDefinition topic : t.topics()) {
            String owner = ContextBusTopology.contextOfTopic(topic.name()).orElseThrow();
            roles.add(new Role("principal:" + owner, Deployment.SENDER, topic.name()));
            roles.add(new Role("principal:replay", Deployment.SENDER, topic.name()));
            for (SubscriptionDefinition sub : topic.subscriptions()) {
                roles.add(new Role("principal:" + sub.name(), Deployment.RECEIVER,
                        topic.name() + "/subscriptions/" + sub.name()));
                // The consumer resubmits its dead letters to this topic as a replay aimed at itself.
                roles.add(new Role("principal:" + sub.name(), Deployment.SENDER, topic.name()));
            }
        }
        return Deployment.sorted(roles);
    }

    // ---- read from the Bicep parse tree ----

    private Map<String, Map<String, String>> deployedEntities(Path module) {
        BicepFile sb = BicepFile.parse(module);
        BicepEvaluator eval = new BicepEvaluator(sb, Deployment.principals(contexts()));
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String symbol : List.of("queues", "topics", "subscriptions", "rules")) {
            for (BicepEvaluator.Instance i : eval.instances(symbol)) {
                out.put(entityPath(i.declaration().typeName(), fullName(sb, eval, i)),
                        Deployment.settings(i.body().path("properties")));
            }
        }
        return out;
    }

    private static String fullName(BicepFile file, BicepEvaluator eval, BicepEvaluator.Instance i) {
        if (i.declaration().body().property("parent").isPresent()) {
            return eval.eval(i.declaration().body().property("parent").get(), i.scope()).path("name").asText()
                    + "/" + i.name();
        }
        return i.name();
    }

    private Set<Role> deployedRoles(Path module) {
        BicepFile sb = BicepFile.parse(module);
        BicepEvaluator eval = new BicepEvaluator(sb, Deployment.principals(contexts()));
        Set<Role> roles = new LinkedHashSet<>();
        sb.resources.values().stream()
                .filter(d -> d.typeName().equals("Microsoft.Authorization/roleAssignments"))
                .forEach(d -> eval.instances(d.symbol()).forEach(i -> {
                    JsonNode scope = i.body().path("scope");
                    String role = i.body().path("properties").path("roleDefinitionId").asText();
                    roles.add(new Role(i.body().path("properties").path("principalId").asText(),
                            role.substring(role.lastIndexOf(':') + 1),
                            entityPath(scope.path("type").asText(), scope.path("name").asText())));
                }));
        return Deployment.sorted(roles);
    }

    /** {@code sb-t0/ordering.events/inventory/replay-target} as a Service Bus entity path. */
    private static String entityPath(String type, String fullName) {
        if (type.equals("Microsoft.ServiceBus/namespaces")) {
            assertEquals(NS, fullName);
            return "namespace";
        }
        assertTrue(fullName.startsWith(NS + "/"), fullName);
        String[] parts = fullName.substring(NS.length() + 1).split("/");
        return switch (type) {
            case "Microsoft.ServiceBus/namespaces/queues", "Microsoft.ServiceBus/namespaces/topics" -> parts[0];
            case "Microsoft.ServiceBus/namespaces/topics/subscriptions" -> parts[0] + "/subscriptions/" + parts[1];
            case "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules" ->
                    parts[0] + "/subscriptions/" + parts[1] + "/rules/" + parts[2];
            default -> throw new IllegalArgumentException("unexpected scope " + type + " " + fullName);
        };
    }

    private static List<TopicDefinition> replaceFirst(Topology t, TopicDefinition topic) {
        List<TopicDefinition> topics = new ArrayList<>(t.topics());
        topics.set(0, topic);
        return topics;
    }

    private static Path copyModule(Path dir, String appended) throws IOException {
        Path module = Files.createDirectories(dir.resolve("modules")).resolve("servicebus.bicep");
        Files.writeString(module, Files.readString(Infra.module("servicebus.bicep")) + appended);
        copyTopology(dir);
        return module;
    }

    private static void copyTopology(Path dir) throws IOException {
        Path topologyDir = Files.createDirectories(dir.resolve("topology"));
        Files.copy(Infra.dir().resolve("topology/contextbus-sample.arm.json"),
                topologyDir.resolve("contextbus-sample.arm.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
