package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * azure.yaml names the services main.bicep deploys, each built remotely from a Dockerfile: the
 * sample contexts from one Dockerfile that the build argument SERVICE points at the context.
 */
class AzureYamlTest {
    /** One arm of the sample Dockerfile's {@code case "$SERVICE"}: the service and its main class. */
    private static final Pattern SERVICE_ARM = Pattern.compile("^\\s*([a-z]+)\\) echo ([\\w.]+) ;;", Pattern.MULTILINE);

    private final JsonNode azure = Infra.azureYaml();

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

    @Test
    void the_sample_contexts_share_one_dockerfile_and_each_passes_its_own_name_as_SERVICE() throws IOException {
        Path samples = Infra.repository().resolve("bounded-context-samples/Dockerfile");
        String text = Files.readString(samples);
        assertTrue(text.contains("ARG SERVICE"), "the sample Dockerfile must declare ARG SERVICE");
        Map<String, String> mainClasses = new LinkedHashMap<>();
        Matcher arm = SERVICE_ARM.matcher(text);
        while (arm.find()) {
            mainClasses.put(arm.group(1), arm.group(2));
        }
        List<String> built = new ArrayList<>();
        azure.path("services").fields().forEachRemaining(e -> {
            if (Infra.dockerfile(e.getValue()).equals(samples)) {
                built.add(e.getKey());
                assertEquals("[\"SERVICE=" + e.getKey() + "\"]", e.getValue().path("docker").path("buildArgs").toString(),
                        e.getKey() + " must pass its own name as the build argument SERVICE");
            }
        });
        assertEquals(List.of("ordering", "inventory", "shipping", "billing"), built);
        assertEquals(built, List.copyOf(mainClasses.keySet()), "the Dockerfile's SERVICE values are the services built from it");
        mainClasses.forEach((service, mainClass) -> {
            Path source = Infra.repository().resolve("bounded-context-samples").resolve(service)
                    .resolve("src/main/java").resolve(mainClass.replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), service + ": the main class " + mainClass + " is not at " + source);
        });
    }

    @Test
    void a_service_built_from_a_dockerfile_without_a_SERVICE_argument_passes_no_build_argument() {
        azure.path("services").fields().forEachRemaining(e -> {
            if (!text(Infra.dockerfile(e.getValue())).contains("ARG SERVICE")) {
                assertTrue(e.getValue().path("docker").path("buildArgs").isMissingNode(), e.getKey());
            }
        });
    }

    @Test
    void every_image_runs_on_the_same_runtime_stage() {
        Map<Path, String> runtimeStages = new LinkedHashMap<>();
        for (Path dockerfile : Infra.dockerfiles()) {
            String text = text(dockerfile);
            int runtime = text.indexOf("FROM eclipse-temurin:17-jre");
            assertTrue(runtime > 0, dockerfile + " has no eclipse-temurin:17-jre stage");
            runtimeStages.put(dockerfile, text.substring(runtime));
        }
        assertEquals(2, runtimeStages.size(), "the sample contexts' Dockerfile and the replay service's: "
                + runtimeStages.keySet());
        assertEquals(1, runtimeStages.values().stream().distinct().count(),
                "the Dockerfiles' runtime stages differ: " + runtimeStages.keySet());
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
