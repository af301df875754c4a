package io.contextbus.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The published Bicep resource type definitions (Azure/bicep-types-az, trimmed to the types these
 * templates use; see src/test/resources/bicep-types/README.md) and the check of a resource body
 * against them: every property set must exist on its type (nested objects and array items too),
 * and none may be read-only.
 */
final class ResourceTypes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_ONLY = 2;
    /** Keys of a resource body that are Bicep's, not the type's. */
    private static final Set<String> BICEP_KEYS = Set.of("parent", "scope", "dependsOn");

    private final Map<String, JsonNode> files = new HashMap<>();

    /** The body type of {@code type@apiVersion}, or empty when that type or version is not published. */
    Optional<TypeRef> resourceType(String typeWithVersion) {
        int at = typeWithVersion.indexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String type = typeWithVersion.substring(0, at);
        String version = typeWithVersion.substring(at + 1);
        String provider = type.substring(0, type.indexOf('/')).toLowerCase(Locale.ROOT);
        JsonNode types = load(provider + "/" + version + ".json");
        if (types == null) {
            return Optional.empty();
        }
        for (JsonNode t : types) {
            if (t.path("$type").asText().equals("ResourceType") && t.path("name").asText().equalsIgnoreCase(
                    typeWithVersion)) {
                return Optional.of(new TypeRef(types, t.path("body").path("$ref").asText()));
            }
        }
        return Optional.empty();
    }

    /** Problems of {@code body} (evaluated; unknown values are skipped) against the type; empty when none. */
    List<String> check(String typeWithVersion, JsonNode body) {
        Optional<TypeRef> type = resourceType(typeWithVersion);
        if (type.isEmpty()) {
            return List.of("'" + typeWithVersion + "' is not a published resource type and API version");
        }
        List<String> problems = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!BICEP_KEYS.contains(f.getKey())) {
                property(type.get(), f.getKey(), f.getValue(), f.getKey(), problems);
            }
        }
        return problems;
    }

    private void property(TypeRef owner, String key, JsonNode value, String path, List<String> problems) {
        JsonNode object = owner.resolve();
        List<JsonNode> candidates = objectTypes(owner.types, object, value);
        if (candidates.isEmpty()) {
            return; // not an object type (any, string...): nothing to check by name
        }
        for (JsonNode candidate : candidates) {
            JsonNode p = candidate.path("properties").path(key);
            if (!p.isMissingNode()) {
                if ((p.path("flags").asInt() & READ_ONLY) != 0) {
                    problems.add(path + ": read-only on " + candidate.path("name").asText());
                    return;
                }
                value(new TypeRef(owner.types, p.path("type").path("$ref").asText()), value, path, problems);
                return;
            }
            if (candidate.has("additionalProperties")) {
                value(new TypeRef(owner.types, candidate.path("additionalProperties").path("$ref").asText()), value,
                        path, problems);
                return;
            }
        }
        problems.add(path + ": no such property on " + candidates.get(0).path("name").asText()
                + " (known: " + names(candidates) + ")");
    }

    private void value(TypeRef type, JsonNode value, String path, List<String> problems) {
        JsonNode t = type.resolve();
        if (value.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                property(type, f.getKey(), f.getValue(), path + "." + f.getKey(), problems);
            }
        } else if (value.isArray() && t.path("$type").asText().equals("ArrayType")) {
            TypeRef item = new TypeRef(type.types, t.path("itemType").path("$ref").asText());
            for (int i = 0; i < value.size(); i++) {
                value(item, value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    /** The object types a value of type {@code t} may be: itself, a union's objects, a discriminated element. */
    private static List<JsonNode> objectTypes(JsonNode types, JsonNode t, JsonNode value) {
        List<JsonNode> out = new ArrayList<>();
        switch (t.path("$type").asText()) {
            case "ObjectType" -> out.add(t);
            case "UnionType" -> t.path("elements").forEach(e -> out.addAll(objectTypes(types,
                    new TypeRef(types, e.path("$ref").asText()).resolve(), value)));
            case "DiscriminatedObjectType" -> {
                JsonNode base = JSON.createObjectNode().put("name", t.path("name").asText())
                        .set("properties", t.path("baseProperties"));
                out.add(base);
                String discriminator = t.path("discriminator").asText();
                String kind = value.path(discriminator).asText(null);
                Iterator<Map.Entry<String, JsonNode>> elements = t.path("elements").fields();
                while (elements.hasNext()) {
                    Map.Entry<String, JsonNode> e = elements.next();
                    if (kind == null || e.getKey().equalsIgnoreCase(kind)) {
                        out.add(new TypeRef(types, e.getValue().path("$ref").asText()).resolve());
                    }
                }
            }
            default -> { }
        }
        return out;
    }

    private static String names(List<JsonNode> candidates) {
        List<String> names = new ArrayList<>();
        candidates.forEach(c -> c.path("properties").fieldNames().forEachRemaining(names::add));
        return String.join(", ", names);
    }

    private JsonNode load(String resource) {
        return files.computeIfAbsent(resource, r -> {
            try (InputStream in = ResourceTypes.class.getResourceAsStream("/bicep-types/" + r)) {
                return in == null ? null : JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A reference {@code #/N} into one types.json. */
    record TypeRef(JsonNode types, String ref) {
        JsonNode resolve() {
            return types.get(Integer.parseInt(ref.substring(2)));
        }
    }
}
