package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BicepGrammarTest {

    @Test
    void every_bicep_file_parses_without_error_or_missing_nodes() {
        List<Path> files = Infra.bicepFiles();
        assertTrue(files.size() >= 9, "expected main.bicep and its modules, found " + files);

        Map<Path, List<String>> errors = BicepParser.parseAll(files).stream()
                .filter(p -> !p.errors().isEmpty())
                .collect(Collectors.toMap(BicepParser.Parsed::file, BicepParser.Parsed::errors));
        assertEquals(Map.of(), errors);
    }

    @Test
    void main_bicep_targets_the_subscription_with_the_azd_parameters() {
        BicepFile main = BicepFile.parse(Infra.dir().resolve("main.bicep"));
        assertTrue(main.tree.descendants().stream().anyMatch(n -> n.type().equals("target_scope_assignment")
                && n.text().contains("'subscription'")));
        assertTrue(main.params.keySet().containsAll(List.of("environmentName", "location", "principalId")),
                main.params.keySet().toString());
    }

    @Test
    void a_missing_equals_sign_or_bracket_is_reported_with_its_line(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.bicep");
        Files.writeString(broken, """
                param location string
                resource sb 'Microsoft.ServiceBus/namespaces@2024-01-01' {
                  name: 'sb'
                  location: location
                }
                var xs = [
                  'a'
                """);
        BicepParser.Parsed parsed = BicepParser.parse(broken);

        assertFalse(parsed.errors().isEmpty(), "a broken file must fail the check");
        assertTrue(parsed.errors().stream().anyMatch(e -> e.contains("line 2")), parsed.errors().toString());
    }
}
