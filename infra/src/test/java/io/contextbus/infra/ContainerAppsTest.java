package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The apps main.bicep deploys: one per context of the topology plus the replay service, with exactly the agreed settings. */
class ContainerAppsTest {
    private static final Set<String> SHARED = Set.of("CONTEXTBUS_SERVICEBUS_NAMESPACE", "CONTEXTBUS_STORE",
            "CONTEXTBUS_COSMOS_ENDPOINT", "CONTEXTBUS_COSMOS_DATABASE", "CONTEXTBUS_TOPOLOGY", "CONTEXTBUS_HTTP_PORT",
            "CONTEXTBUS_HTTP_BIND", "CONTEXTBUS_REPLAY_TOKEN", "AZURE_CLIENT_ID");

    private final BicepFile main = BicepFile.parse(Infra.dir().resolve("main.bicep"));
    private final BicepEvaluator eval = new BicepEvaluator(main, Map.of());

    @Test
    void one_app_per_context_of_the_topology_and_one_for_the_replay_service() {
        List<String> services = new ArrayList<>();
        eval.instances("contextApps").forEach(i -> services.add(i.body().path("params").path("serviceName").asText()));
        eval.instances("replayApp").forEach(i -> services.add(i.body().path("params").path("serviceName").asText()));
        assertEquals(List.of("ordering", "inventory", "shipping", "billing", "replay"), services);
    }

    @Test
    void contexts_and_replay_service_get_exactly_the_agreed_environment_variables() {
        Set<String> replay = envNames(eval.instances("replayApp").get(0).body().path("params").path("env"));
        Set<String> expectedReplay = new TreeSet<>(SHARED);
        expectedReplay.add("CONTEXTBUS_REPLAY_SESSIONS");
        assertEquals(expectedReplay, replay);
        for (BicepEvaluator.Instance app : eval.instances("contextApps")) {
            Set<String> expected = new TreeSet<>(SHARED);
            expected.add("CONTEXTBUS_REPLAY_URL");
            assertEquals(expected, envNames(app.body().path("params").path("env")), app.name());
        }
        JsonNode env = eval.instances("replayApp").get(0).body().path("params").path("env");
        assertEquals("cosmos", valueOf(env, "CONTEXTBUS_STORE"));
        assertEquals("8080", valueOf(env, "CONTEXTBUS_HTTP_PORT"));
        assertEquals("/app/topology/contextbus-sample.topology.json", valueOf(env, "CONTEXTBUS_TOPOLOGY"));
        assertEquals("0.0.0.0", valueOf(env, "CONTEXTBUS_HTTP_BIND"), "the ingress reaches the app from outside its replica");
        assertEquals("buckets:16", valueOf(env, "CONTEXTBUS_REPLAY_SESSIONS"), "the session buckets the samples publish with");
    }

    @Test
    void every_variable_an_app_gets_is_one_its_service_reads() throws IOException {
        String contexts = ServiceSources.text("bounded-context-samples/samples-runtime");
        String replay = ServiceSources.text("replay-service/contextbus-replay-service");
        Set<String> replayEnv = envNames(eval.instances("replayApp").get(0).body().path("params").path("env"));
        replayEnv.remove("AZURE_CLIENT_ID"); // read by azure-identity's DefaultAzureCredential itself
        replayEnv.forEach(name -> assertTrue(replay.contains('"' + name + '"'),
                "the replay app gets " + name + " but the replay service never reads it"));
        for (BicepEvaluator.Instance app : eval.instances("contextApps")) {
            Set<String> env = envNames(app.body().path("params").path("env"));
            env.remove("AZURE_CLIENT_ID");
            env.forEach(name -> assertTrue(contexts.contains('"' + name + '"'),
                    app.name() + " gets " + name + " but the sample services never read it"));
        }
    }

    @Test
    void the_topology_path_is_where_every_dockerfile_copies_the_topology() throws IOException {
        for (Path dockerfile : Infra.dockerfiles()) {
            String text = Files.readString(dockerfile);
            assertTrue(text.contains("COPY infra/topology/contextbus-sample.topology.json "
                    + "/app/topology/contextbus-sample.topology.json"), dockerfile.toString());
            assertTrue(text.contains("FROM eclipse-temurin:17-jre"), dockerfile.toString());
        }
    }

    @Test
    void each_app_has_its_own_identity_internal_ingress_the_azd_tag_and_a_key_vault_token() {
        BicepFile app = BicepFile.parse(Infra.module("container-app.bicep"));
        JsonNodeFactory json = JsonNodeFactory.instance;
        Map<String, JsonNode> params = Map.of("serviceName", json.textNode("ordering"), "tags",
                json.objectNode().put("azd-env-name", "dev"), "identityId", json.textNode("id-ordering"),
                "identityClientId", json.textNode("client-ordering"), "replayTokenSecretUri",
                json.textNode("https://kv/secrets/replay-token"), "env", json.arrayNode(), "image", json.textNode(""));
        JsonNode body = new BicepEvaluator(app, params).instances("app").get(0).body();

        assertEquals("ordering", body.path("tags").path("azd-service-name").asText());
        assertEquals("UserAssigned", body.path("identity").path("type").asText());
        assertTrue(body.path("identity").path("userAssignedIdentities").has("id-ordering"));
        JsonNode configuration = body.path("properties").path("configuration");
        assertFalse(configuration.path("ingress").path("external").asBoolean(true), "ingress must be internal");
        assertEquals("id-ordering", configuration.path("registries").get(0).path("identity").asText());
        JsonNode secret = configuration.path("secrets").get(0);
        assertEquals("https://kv/secrets/replay-token", secret.path("keyVaultUrl").asText());
        assertEquals("id-ordering", secret.path("identity").asText());
        JsonNode env = body.path("properties").path("template").path("containers").get(0).path("env");
        assertEquals("client-ordering", valueOf(env, "AZURE_CLIENT_ID"));
        assertEquals("replay-token", find(env, "CONTEXTBUS_REPLAY_TOKEN").path("secretRef").asText());
    }

    private Set<String> envNames(JsonNode moduleEnv) {
        // the module adds CONTEXTBUS_REPLAY_TOKEN and AZURE_CLIENT_ID to what it is given
        Set<String> names = new TreeSet<>(Set.of("CONTEXTBUS_REPLAY_TOKEN", "AZURE_CLIENT_ID"));
        assertTrue(moduleEnv.isArray(), "env must evaluate offline: " + moduleEnv);
        moduleEnv.forEach(e -> assertTrue(names.add(e.path("name").asText()), "twice: " + e));
        return names;
    }

    private static String valueOf(JsonNode env, String name) {
        return find(env, name).path("value").asText();
    }

    private static JsonNode find(JsonNode env, String name) {
        for (JsonNode e : env) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError(name + " not set in " + env);
    }
}
