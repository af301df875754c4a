package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every resource type and property the templates use exists in the published type definitions. */
class ResourceTypesTest {
    private final ResourceTypes types = new ResourceTypes();

    @Test
    void every_resource_type_api_version_and_property_exists() {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        int checked = 0;
        for (Path path : Infra.bicepFiles()) {
            BicepFile file = BicepFile.parse(path);
            BicepEvaluator eval = new BicepEvaluator(file, Map.of());
            for (String symbol : file.resources.keySet()) {
                for (BicepEvaluator.Instance instance : instancesOrOne(eval, file, symbol)) {
                    List<String> found = types.check(instance.declaration().target(), instance.body());
                    checked++;
                    if (!found.isEmpty()) {
                        problems.put(path.getFileName() + " " + symbol, found);
                    }
                }
            }
        }
        assertEquals(Map.of(), problems);
        assertTrue(checked >= 25, "resource instances checked: " + checked);
    }

    @Test
    void the_topology_export_properties_bicep_passes_through_are_checked_too() {
        BicepFile sb = BicepFile.parse(Infra.module("servicebus.bicep"));
        BicepEvaluator eval = new BicepEvaluator(sb, Map.of());
        JsonNode body = eval.instances("subscriptions").get(0).body();

        assertEquals("PT1M", body.path("properties").path("lockDuration").asText());
        JsonNode misspelled = ((com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy())
                .set("properties", ((com.fasterxml.jackson.databind.node.ObjectNode) body.path("properties")
                        .deepCopy()).put("lockDurration", "PT1M"));
        List<String> found = types.check(sb.resources.get("subscriptions").target(), misspelled);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("properties.lockDurration: no such property on SBSubscriptionProperties"),
                found.get(0));
    }

    @Test
    void a_misspelled_nested_property_an_unknown_api_version_and_a_read_only_property_fail(@TempDir Path dir)
            throws IOException {
        Path bad = dir.resolve("bad.bicep");
        Files.writeString(bad, """
                resource sb 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
                  name: 'sb'
                  location: 'westeurope'
                  sku: {
                    name: 'Standard'
                    teir: 'Standard'
                  }
                  properties: {
                    disableLocalAuth: true
                    serviceBusEndpoint: 'https://x'
                  }
                }
                resource topic 'Microsoft.ServiceBus/namespaces/topics@2099-01-01' = {
                  parent: sb
                  name: 't'
                }
                """);
        BicepFile file = BicepFile.parse(bad);
        BicepEvaluator eval = new BicepEvaluator(file, Map.of());

        List<String> namespace = types.check(file.resources.get("sb").target(), eval.instances("sb").get(0).body());
        assertEquals(2, namespace.size(), namespace.toString());
        assertTrue(namespace.get(0).startsWith("sku.teir: no such property on SBSku"), namespace.get(0));
        assertTrue(namespace.get(1).startsWith("properties.serviceBusEndpoint: read-only"), namespace.get(1));
        assertEquals(List.of("'Microsoft.ServiceBus/namespaces/topics@2099-01-01' is not a published resource type "
                + "and API version"), types.check(file.resources.get("topic").target(),
                eval.instances("topic").get(0).body()));
    }

    @Test
    void module_parameters_exist_in_the_module_and_required_ones_are_given() {
        List<String> problems = new ArrayList<>();
        for (Path path : Infra.bicepFiles()) {
            BicepFile file = BicepFile.parse(path);
            file.modules.values().forEach(m -> {
                BicepFile module = BicepFile.parse(path.getParent().resolve(m.target()));
                BicepNode params = m.body().property("params").orElseThrow();
                List<String> given = params.childrenOfType("object_property").stream()
                        .map(BicepNode::propertyKey).toList();
                given.stream().filter(g -> !module.params.containsKey(g))
                        .forEach(g -> problems.add(m.symbol() + ": " + m.target() + " has no param " + g));
                module.params.values().stream().filter(p -> p.defaultValue().isEmpty())
                        .filter(p -> !given.contains(p.name()))
                        .forEach(p -> problems.add(m.symbol() + ": required param " + p.name() + " not given"));
            });
        }
        assertEquals(List.of(), problems);
    }

    private static List<BicepEvaluator.Instance> instancesOrOne(BicepEvaluator eval, BicepFile file, String symbol) {
        try {
            return eval.instances(symbol);
        } catch (IllegalStateException loopOverRuntimeValues) {
            // e.g. a loop over a parameter: check the body once, loop variables unknown
            BicepFile.Declaration d = file.resources.get(symbol);
            return List.of(new BicepEvaluator.Instance(d, Map.of(), eval.eval(d.body(), Map.of())));
        }
    }
}
