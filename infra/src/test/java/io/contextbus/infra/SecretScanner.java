package io.contextbus.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds keys, connection strings, SAS tokens and secret values in deployment files: Bicep,
 * parameter files, JSON, YAML, scripts and Dockerfiles. Each finding names the file, the line and
 * the rule. Docs (*.md) are not scanned: they describe these rules.
 */
final class SecretScanner {
    private static final Map<String, Pattern> RULES = Map.ofEntries(
            Map.entry("list* function (listKeys, listConnectionStrings, ...)",
                    Pattern.compile("\\blist[A-Z]?\\w*\\s*\\(", Pattern.CASE_INSENSITIVE)),
            Map.entry("connection string", Pattern.compile("connection_?strings?", Pattern.CASE_INSENSITIVE)),
            Map.entry("account key", Pattern.compile("account_?key|AccountKey=", Pattern.CASE_INSENSITIVE)),
            Map.entry("shared access key or signature",
                    Pattern.compile("SharedAccess(Key|Signature)|[?&]sig=|[?&]sv=\\d{4}-", Pattern.CASE_INSENSITIVE)),
            Map.entry("key property", Pattern.compile(
                    "\\b(primary|secondary)(Master|ReadonlyMaster|Shared)?Key\\b|\\bsharedKey\\b|\\bmasterKey\\b|\\binstrumentationKey\\b",
                    Pattern.CASE_INSENSITIVE)),
            Map.entry("registry admin user", Pattern.compile("adminUserEnabled\\s*:\\s*true")),
            Map.entry("password literal", Pattern.compile("password\\w*\\s*[:=]\\s*['\"][^'\"$]",
                    Pattern.CASE_INSENSITIVE)),
            Map.entry("private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----")),
            Map.entry("key-like literal", Pattern.compile("['\"](?=[^'\"]*[0-9])[A-Za-z0-9+/]{40,}={0,2}['\"]")));
    private static final List<String> SCANNED = List.of(".bicep", ".json", ".yaml", ".yml", ".sh", ".bicepparam",
            "Dockerfile", ".env");

    private SecretScanner() {
    }

    /** Every deployment file of the repository: infra/ (not its tests or build output), azure.yaml, Dockerfiles. */
    static List<Path> deploymentFiles() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> infra = Files.walk(Infra.dir())) {
            infra.filter(Files::isRegularFile)
                    .filter(p -> !Infra.isBuildOrTestPath(Infra.dir().relativize(p)))
                    .filter(p -> !p.getFileName().toString().equals("package-lock.json"))
                    .filter(SecretScanner::scanned).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(Infra.repository().resolve("azure.yaml"));
        try (Stream<Path> all = Files.walk(Infra.repository())) {
            all.filter(p -> p.getFileName().toString().equals("Dockerfile"))
                    .filter(p -> !p.toString().contains("node_modules") && !p.toString().contains("/target/"))
                    .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean scanned(Path p) {
        String name = p.getFileName().toString();
        return SCANNED.stream().anyMatch(name::endsWith);
    }

    /** Findings in {@code file}: {@code file:line: rule: text}. */
    static List<String> scan(Path file) {
        List<String> found = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                for (Map.Entry<String, Pattern> rule : RULES.entrySet()) {
                    if (rule.getValue().matcher(line).find()) {
                        found.add(file + ":" + (i + 1) + ": " + rule.getKey() + ": " + line.strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
