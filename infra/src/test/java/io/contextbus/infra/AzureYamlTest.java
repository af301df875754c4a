package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** azure.yaml names the services main.bicep deploys, each built remotely from its own Dockerfile. */
class AzureYamlTest {
    private final JsonNode azure = read();

    @Test
    void names_one_service_per_app_that_main_bicep_tags() {
        BicepFile main = BicepFile.parse(Infra.dir().resolve("main.bicep"));
        BicepEvaluator eval = new BicepEvaluator(main, Map.of());
        List<String> tagged = new ArrayList<>();
        eval.instances("contextApps").forEach(i -> tagged.add(i.body().path("params").path("serviceName").asText()));
        eval.instances("replayApp").forEach(i -> tagged.add(i.body().path("params").path("serviceName").asText()));

        List<String> services = new ArrayList<>();
        azure.path("services").fieldNames().forEachRemaining(services::add);
        assertEquals(tagged, services);
        assertEquals("infra", azure.path("infra").path("path").asText());
        assertEquals("main", azure.path("infra").path("module").asText());
    }

    @Test
    void every_service_is_a_container_app_built_remotely_from_a_dockerfile_with_the_repository_as_context() {
        azure.path("services").fields().forEachRemaining(e -> {
            JsonNode service = e.getValue();
            assertEquals("containerapp", service.path("host").asText(), e.getKey());
            JsonNode docker = service.path("docker");
            assertTrue(docker.path("remoteBuild").asBoolean(false), e.getKey() + " must build in the registry");
            Path project = Infra.repository().resolve(service.path("project").asText()).normalize();
            assertTrue(Files.isRegularFile(project.resolve(docker.path("path").asText())), e.getKey());
            assertEquals(Infra.repository(), project.resolve(docker.path("context").asText()).normalize(),
                    e.getKey() + ": the Dockerfiles copy the whole repository");
        });
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Infra.repository().resolve("azure.yaml").toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
