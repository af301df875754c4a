package io.contextbus.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parses Bicep files with the real Bicep grammar: runs {@code checks/bicep-tree.js} (tree-sitter
 * plus tree-sitter-bicep, installed by the build with {@code npm ci}) in Node and reads its JSON.
 */
final class BicepParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed file: its syntax errors ({@code ERROR}/{@code MISSING} nodes) and its tree. */
    record Parsed(Path file, List<String> errors, BicepNode tree) {
    }

    private BicepParser() {
    }

    static Parsed parse(Path file) {
        return parseAll(List.of(file)).get(0);
    }

    static List<Parsed> parseAll(List<Path> files) {
        List<String> command = new ArrayList<>(List.of("node", Infra.checksDir().resolve("bicep-tree.js").toString()));
        files.forEach(f -> command.add(f.toString()));
        try {
            Path out = Files.createTempFile("bicep-tree", ".json");
            Path err = Files.createTempFile("bicep-tree", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(5, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("bicep-tree.js did not finish within 5 minutes");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("bicep-tree.js failed (exit " + process.exitValue() + "): "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                List<Parsed> parsed = new ArrayList<>();
                for (JsonNode result : JSON.readTree(out.toFile())) {
                    List<String> errors = new ArrayList<>();
                    result.path("errors").forEach(e -> errors.add(e.path("kind").asText() + " at line "
                            + e.path("line").asInt() + ", column " + e.path("column").asInt() + ": "
                            + e.path("text").asText()));
                    parsed.add(new Parsed(Path.of(result.path("file").asText()), errors,
                            BicepNode.of(result.path("tree"))));
                }
                return parsed;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
