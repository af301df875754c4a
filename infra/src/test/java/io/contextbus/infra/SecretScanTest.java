package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No key, connection string, SAS token or secret value exists in the deployment. */
class SecretScanTest {

    @Test
    void no_deployment_file_holds_a_key_a_connection_string_or_a_secret() {
        List<Path> files = SecretScanner.deploymentFiles();
        assertTrue(files.size() >= 15, files.toString());
        List<String> found = new ArrayList<>();
        files.forEach(f -> found.addAll(SecretScanner.scan(f)));
        assertEquals(List.of(), found);
    }

    @Test
    void the_scanner_finds_keys_connection_strings_and_sas_tokens(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.bicep");
        Files.writeString(bad, """
                output key string = sb.listKeys().primaryKey
                var cs = 'Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=abc'
                param connectionString string
                var cosmos = 'AccountEndpoint=https://x/;AccountKey=abc'
                var sas = 'https://x.blob.core.windows.net/c?sv=2022-11-02&sig=abc'
                var fine = 'nothing to see'
                """);
        List<String> found = SecretScanner.scan(bad);

        for (int line = 1; line <= 5; line++) {
            String at = bad + ":" + line + ":";
            assertTrue(found.stream().anyMatch(f -> f.startsWith(at)), "line " + line + " not found in " + found);
        }
        assertTrue(found.stream().noneMatch(f -> f.startsWith(bad + ":6:")), found.toString());
    }

    @Test
    void secrets_are_key_vault_references_and_secure_parameters_have_no_default_nor_output() {
        List<String> problems = new ArrayList<>();
        for (Path path : Infra.bicepFiles()) {
            BicepFile file = BicepFile.parse(path);
            file.params.values().stream().filter(BicepFile.Param::secure).forEach(p -> {
                p.defaultValue().ifPresent(d -> problems.add(path.getFileName() + ": @secure() " + p.name()
                        + " has a default"));
                file.outputs.forEach((name, value) -> {
                    if (value.descendants().stream().anyMatch(n -> n.type().equals("identifier")
                            && n.text().equals(p.name()))) {
                        problems.add(path.getFileName() + ": output " + name + " exposes " + p.name());
                    }
                });
            });
            file.tree.descendants().stream()
                    .filter(n -> n.type().equals("object_property") && n.propertyKey().equals("secrets"))
                    .flatMap(n -> n.propertyValue().descendants().stream())
                    .filter(n -> n.type().equals("object") && n.property("value").isPresent())
                    .forEach(n -> problems.add(path.getFileName() + ":" + n.line()
                            + ": container app secret with a value instead of a keyVaultUrl"));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void the_parameters_file_passes_no_literal_secret() throws IOException {
        JsonNode params = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Infra.dir().resolve("main.parameters.json").toFile()).path("parameters");
        assertEquals("$(secretOrRandomPassword ${AZURE_KEY_VAULT_NAME} replay-token)",
                params.path("replayToken").path("value").asText());
        params.fields().forEachRemaining((Map.Entry<String, JsonNode> e) -> assertTrue(
                e.getValue().path("value").asText().startsWith("$"), e.getKey() + " is a literal"));
    }
}
