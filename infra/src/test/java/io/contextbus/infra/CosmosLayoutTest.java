package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.models.ExcludedPath;
import com.azure.cosmos.models.IncludedPath;
import com.azure.cosmos.models.IndexingPolicy;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.infra.Deployment.Role;
import io.contextbus.store.cosmos.implementation.CommitDocuments;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Cosmos module creates the agreed layout (database contextbus, events-<c> with exactly the
 * unique key and indexing policy CosmosStores creates, events-<c>-leases, replay-service) and the
 * data-plane roles the topology implies, no more.
 */
class CosmosLayoutTest {
    private static final String ACCOUNT = "Microsoft.DocumentDB/databaseAccounts:cosmos-t0";
    private static final String METADATA = "contextbus metadata reader";
    private final Topology topology = Topology.read(Infra.topologyFile());

    @Test
    void creates_a_container_per_context_its_leases_and_the_replay_container() throws Exception {
        Map<String, String> containers = new TreeMap<>();
        for (BicepEvaluator.Instance i : instances(Infra.module("cosmos.bicep"),
                List.of("eventContainers", "leaseContainers", "replayContainer"))) {
            JsonNode resource = i.body().path("properties").path("resource");
            assertEquals(i.name(), resource.path("id").asText());
            containers.put(i.name(), resource.path("partitionKey").path("paths").toString());
            if (i.declaration().symbol().equals("eventContainers")) {
                assertEquals(List.of(CommitDocuments.UNIQUE_KEY_PATH),
                        texts(resource.path("uniqueKeyPolicy").path("uniqueKeys").get(0).path("paths")));
                assertEquals(1, resource.path("uniqueKeyPolicy").path("uniqueKeys").size());
                assertIndexingPolicyOfCosmosStores(resource.path("indexingPolicy"));
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (String c : contexts()) {
            expected.put("events-" + c, "[\"/streamId\"]");
            expected.put("events-" + c + "-leases", "[\"/id\"]");
        }
        expected.put("replay-service", "[\"/id\"]");
        assertEquals(expected, containers);
    }

    @Test
    void the_account_is_serverless_with_local_auth_disabled() {
        JsonNode account = instances(Infra.module("cosmos.bicep"), List.of("account")).get(0).body();
        assertTrue(account.path("properties").path("disableLocalAuth").asBoolean(false));
        assertEquals("EnableServerless", account.path("properties").path("capabilities").get(0).path("name").asText());
        JsonNode db = instances(Infra.module("cosmos.bicep"), List.of("database")).get(0).body();
        assertEquals("contextbus", db.path("name").asText());
    }

    @Test
    void assigns_exactly_the_data_roles_the_topology_implies() {
        assertEquals(expectedRoles(), deployedRoles(Infra.module("cosmos.bicep")));
    }

    @Test
    void an_account_wide_role_fails_the_comparison(@TempDir Path dir) throws IOException {
        Path module = Files.createDirectories(dir.resolve("modules")).resolve("cosmos.bicep");
        Files.writeString(module, Files.readString(Infra.module("cosmos.bicep"))
                .replace("scope: '${account.id}/dbs/${databaseName}/colls/${replayContainerName}'",
                        "scope: account.id"));
        Files.copy(Infra.dir().resolve("topology/contextbus-sample.arm.json"),
                Files.createDirectories(dir.resolve("topology")).resolve("contextbus-sample.arm.json"));

        Set<Role> deployed = deployedRoles(module);
        assertNotEquals(expectedRoles(), deployed);
        assertTrue(deployed.contains(new Role("principal:replay", Deployment.COSMOS_CONTRIBUTOR, "(account)")),
                deployed.toString());
    }

    @Test
    void the_custom_role_every_app_holds_on_the_account_reads_metadata_only() {
        JsonNode role = instances(Infra.module("cosmos.bicep"), List.of("metadataReaderRole")).get(0).body();
        assertEquals("[\"Microsoft.DocumentDB/databaseAccounts/readMetadata\"]",
                role.path("properties").path("permissions").get(0).path("dataActions").toString());
        assertEquals(1, role.path("properties").path("permissions").size());
        assertEquals("[\"" + ACCOUNT + "\"]", role.path("properties").path("assignableScopes").toString());
    }

    private Set<Role> expectedRoles() {
        Set<Role> roles = new LinkedHashSet<>();
        for (String c : contexts()) {
            // the SDK and the change feed processor read account and database metadata
            roles.add(new Role("principal:" + c, METADATA, "(account)"));
            roles.add(new Role("principal:" + c, Deployment.COSMOS_CONTRIBUTOR, "events-" + c));
            roles.add(new Role("principal:" + c, Deployment.COSMOS_CONTRIBUTOR, "events-" + c + "-leases"));
        }
        topology.topics().forEach(t -> roles.add(new Role("principal:replay", Deployment.COSMOS_READER,
                "events-" + ContextBusTopology.contextOfTopic(t.name()).orElseThrow())));
        roles.add(new Role("principal:replay", Deployment.COSMOS_CONTRIBUTOR, "replay-service"));
        roles.add(new Role("principal:replay", METADATA, "(account)"));
        return Deployment.sorted(roles);
    }

    private Set<Role> deployedRoles(Path module) {
        BicepFile file = BicepFile.parse(module);
        BicepEvaluator eval = new BicepEvaluator(file, Deployment.principals(contexts()));
        Set<Role> roles = new LinkedHashSet<>();
        file.resources.values().stream()
                .filter(d -> d.typeName().equals("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"))
                .forEach(d -> eval.instances(d.symbol()).forEach(i -> {
                    JsonNode p = i.body().path("properties");
                    String role = p.path("roleDefinitionId").asText();
                    assertTrue(role.startsWith(ACCOUNT + "/sqlRoleDefinitions/"), role);
                    String scope = p.path("scope").asText();
                    String container = scope.equals(ACCOUNT) ? "(account)"
                            : scope.startsWith(ACCOUNT + "/dbs/contextbus/colls/")
                            ? scope.substring((ACCOUNT + "/dbs/contextbus/colls/").length()) : "(other: " + scope + ")";
                    String id = role.substring((ACCOUNT + "/sqlRoleDefinitions/").length());
                    roles.add(new Role(p.path("principalId").asText(), id.equals(metadataReaderId(file)) ? METADATA
                            : id, container));
                }));
        return Deployment.sorted(roles);
    }

    private String metadataReaderId(BicepFile file) {
        JsonNode id = new BicepEvaluator(file, Deployment.principals(contexts()))
                .eval(file.variables.get("metadataReader"), Map.of());
        return id.asText();
    }

    private static void assertIndexingPolicyOfCosmosStores(JsonNode bicep) throws Exception {
        Method m = Class.forName("io.contextbus.store.cosmos.CosmosStores").getDeclaredMethod("indexingPolicy");
        m.setAccessible(true);
        IndexingPolicy policy = (IndexingPolicy) m.invoke(null);

        assertEquals(policy.getIndexingMode().toString().toLowerCase(Locale.ROOT),
                bicep.path("indexingMode").asText().toLowerCase(Locale.ROOT));
        assertEquals(policy.getIncludedPaths().stream().map(IncludedPath::getPath).toList(),
                bicep.path("includedPaths").findValuesAsText("path"));
        assertEquals(policy.getExcludedPaths().stream().map(ExcludedPath::getPath).toList(),
                bicep.path("excludedPaths").findValuesAsText("path"));
    }

    private List<BicepEvaluator.Instance> instances(Path module, List<String> symbols) {
        BicepFile file = BicepFile.parse(module);
        BicepEvaluator eval = new BicepEvaluator(file, Deployment.principals(contexts()));
        List<BicepEvaluator.Instance> out = new ArrayList<>();
        symbols.forEach(s -> out.addAll(eval.instances(s)));
        return out;
    }

    private List<String> contexts() {
        Set<String> contexts = new LinkedHashSet<>();
        topology.topics().forEach(t -> contexts.add(ContextBusTopology.contextOfTopic(t.name()).orElseThrow()));
        topology.topics().forEach(t -> t.subscriptions().forEach(s -> contexts.add(s.name())));
        return List.copyOf(contexts);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
