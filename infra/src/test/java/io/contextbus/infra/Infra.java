package io.contextbus.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Where things are: the infra folder, the repository root, the Node checks, the Bicep files. */
final class Infra {
    private Infra() {
    }

    static Path dir() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    }

    static Path repository() {
        return dir().getParent();
    }

    static Path checksDir() {
        return dir().resolve("checks");
    }

    static Path topologyFile() {
        return dir().resolve("topology/contextbus-sample.topology.json");
    }

    /** Every deployable .bicep file (main.bicep and modules/), sorted. */
    static List<Path> bicepFiles() {
        try (Stream<Path> files = Files.walk(dir())) {
            return files.filter(p -> p.toString().endsWith(".bicep"))
                    .filter(p -> !isBuildOrTestPath(dir().relativize(p)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isBuildOrTestPath(Path relative) {
        String first = relative.getName(0).toString();
        return first.equals("src") || first.equals("target") || relative.toString().contains("node_modules");
    }

    static Path module(String name) {
        return dir().resolve("modules").resolve(name);
    }

    /** azure.yaml at the repository root. */
    static JsonNode azureYaml() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(repository().resolve("azure.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Dockerfile azure.yaml builds {@code service} from (docker.path is relative to its project). */
    static Path dockerfile(JsonNode service) {
        return repository().resolve(service.path("project").asText()).resolve(service.path("docker").path("path").asText())
                .normalize();
    }

    /** Every Dockerfile azure.yaml builds an image from, each once, in the order of its services. */
    static Set<Path> dockerfiles() {
        Set<Path> files = new LinkedHashSet<>();
        azureYaml().path("services").forEach(service -> files.add(dockerfile(service)));
        return files;
    }
}
