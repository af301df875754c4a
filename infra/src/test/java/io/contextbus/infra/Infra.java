package io.contextbus.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
