package io.contextbus.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates the part of Bicep's expression language these templates use, over one parsed file:
 * literals, string interpolation, arrays and objects, parameters (given by the caller),
 * variables, loop variables, {@code for} expressions in values, member and index access, references
 * to resources (also inside resource loops), and the functions {@code loadJsonContent}, {@code indexOf},
 * {@code subscriptionResourceId}, {@code guid}, {@code concat}, {@code union}, {@code empty},
 * {@code toLower}. Whatever is only known at deployment time (a parameter not given, a runtime
 * property, another function) evaluates to {@link #UNKNOWN}. A reference to a resource evaluates
 * to {@code {"$resource": symbol, "type": type, "name": full name, "id": "<type>:<full name>"}}.
 */
final class BicepEvaluator {
    static final JsonNode UNKNOWN = MissingNode.getInstance();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One instance of a declaration: its loop bindings and its evaluated body. */
    record Instance(BicepFile.Declaration declaration, Map<String, JsonNode> scope, JsonNode body) {
        String name() {
            return body.path("name").asText();
        }
    }

    private final BicepFile file;
    private final Map<String, JsonNode> params;
    private final Map<String, JsonNode> variables = new HashMap<>();

    BicepEvaluator(BicepFile file, Map<String, JsonNode> params) {
        this.file = file;
        this.params = Map.copyOf(params);
    }

    /** Every instance of the resource or module {@code symbol}: one per loop item (none when a condition is false). */
    List<Instance> instances(String symbol) {
        BicepFile.Declaration d = file.resources.containsKey(symbol) ? file.resources.get(symbol)
                : file.modules.get(symbol);
        if (d == null) {
            throw new IllegalArgumentException(file.path + " declares no resource or module '" + symbol + "'");
        }
        List<Map<String, JsonNode>> scopes = loopScopes(d);
        List<Instance> out = new ArrayList<>();
        for (Map<String, JsonNode> scope : scopes) {
            if (d.condition().isPresent() && eval(d.condition().get(), scope).asBoolean(true) == Boolean.FALSE) {
                continue;
            }
            out.add(new Instance(d, scope, eval(d.body(), scope)));
        }
        return out;
    }

    private List<Map<String, JsonNode>> loopScopes(BicepFile.Declaration d) {
        if (d.loop().isEmpty()) {
            return List.of(Map.of());
        }
        BicepFile.Loop loop = d.loop().get();
        JsonNode items = eval(loop.iterable(), Map.of());
        if (!items.isArray()) {
            throw new IllegalStateException(file.path.getFileName() + ": the loop of '" + d.symbol()
                    + "' runs over '" + loop.iterable().text() + "', which cannot be evaluated offline");
        }
        List<Map<String, JsonNode>> scopes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, JsonNode> scope = new HashMap<>();
            scope.put(loop.item(), items.get(i));
            int index = i;
            loop.index().ifPresent(name -> scope.put(name, JSON.numberNode(index)));
            scopes.add(scope);
        }
        return scopes;
    }

    JsonNode eval(BicepNode n, Map<String, JsonNode> scope) {
        switch (n.type()) {
            case "string": return string(n, scope);
            case "multiline_string": return JSON.textNode(n.text().substring(3, n.text().length() - 3));
            case "number": return JSON.numberNode(Long.parseLong(n.text()));
            case "boolean": return JSON.booleanNode(Boolean.parseBoolean(n.text()));
            case "null": return JSON.nullNode();
            case "array": {
                ArrayNode array = JSON.arrayNode();
                n.children().forEach(c -> array.add(eval(c, scope)));
                return array;
            }
            case "object": {
                ObjectNode object = JSON.objectNode();
                for (BicepNode p : n.childrenOfType("object_property")) {
                    JsonNode key = p.child(0).type().equals("string") ? eval(p.child(0), scope) : null;
                    String name = key != null && key.isTextual() ? key.asText() : p.propertyKey();
                    object.set(name, eval(p.propertyValue(), scope));
                }
                return object;
            }
            case "identifier": return identifier(n.text(), scope);
            case "parenthesized_expression": return eval(n.child(0), scope);
            case "member_expression": return member(eval(n.field("object").orElseThrow(), scope),
                    n.field("property").orElseThrow().text());
            case "subscript_expression": return subscript(n, scope);
            case "for_statement": return forExpression(n, scope);
            case "call_expression": return call(n, scope);
            case "ternary_expression": {
                JsonNode condition = eval(n.field("condition").orElseThrow(), scope);
                if (!condition.isBoolean()) {
                    return UNKNOWN;
                }
                return eval(n.field(condition.asBoolean() ? "consequence" : "alternative").orElseThrow(), scope);
            }
            default: return UNKNOWN;
        }
    }

    /** {@code [for item in items: body]} or {@code [for (item, i) in items: body]} as a value (in a variable). */
    private JsonNode forExpression(BicepNode n, Map<String, JsonNode> scope) {
        BicepNode first = n.child(0);
        boolean indexed = first.type().equals("for_loop_parameters");
        String item = indexed ? first.child(0).text() : first.text();
        String index = indexed && first.children().size() > 1 ? first.child(1).text() : null;
        JsonNode items = eval(n.child(1), scope);
        if (!items.isArray()) {
            return UNKNOWN;
        }
        BicepNode body = n.child(n.children().size() - 1);
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < items.size(); i++) {
            Map<String, JsonNode> inner = new HashMap<>(scope);
            inner.put(item, items.get(i));
            if (index != null) {
                inner.put(index, JSON.numberNode(i));
            }
            out.add(eval(body, inner));
        }
        return out;
    }

    private JsonNode identifier(String name, Map<String, JsonNode> scope) {
        if (scope.containsKey(name)) {
            return scope.get(name);
        }
        if (file.params.containsKey(name)) {
            return params.getOrDefault(name, UNKNOWN);
        }
        if (file.variables.containsKey(name)) {
            return variables.computeIfAbsent(name, v -> eval(file.variables.get(v), Map.of()));
        }
        if (file.resources.containsKey(name) && file.resources.get(name).loop().isEmpty()) {
            return resourceRef(file.resources.get(name), Map.of());
        }
        return UNKNOWN;
    }

    private JsonNode subscript(BicepNode n, Map<String, JsonNode> scope) {
        BicepNode objectNode = n.field("object").orElseThrow();
        JsonNode index = eval(n.field("index").orElseThrow(), scope);
        BicepFile.Declaration looped = file.resources.get(objectNode.text());
        if (objectNode.type().equals("identifier") && looped != null && looped.loop().isPresent()
                && !scope.containsKey(objectNode.text())) {
            if (!index.isIntegralNumber()) {
                return UNKNOWN;
            }
            return resourceRef(looped, loopScopes(looped).get(index.asInt()));
        }
        JsonNode object = eval(objectNode, scope);
        if (object.isArray() && index.isIntegralNumber()) {
            return object.path(index.asInt());
        }
        if (object.isObject() && index.isTextual()) {
            return object.path(index.asText());
        }
        return UNKNOWN;
    }

    private JsonNode resourceRef(BicepFile.Declaration d, Map<String, JsonNode> scope) {
        JsonNode name = eval(d.body().property("name").orElseThrow(), scope);
        String full = name.isMissingNode() ? "?" : name.asText();
        if (d.body().property("parent").isPresent()) {
            JsonNode parent = eval(d.body().property("parent").get(), scope);
            full = parent.path("name").asText("?") + "/" + full;
        }
        ObjectNode ref = JSON.objectNode();
        ref.put("$resource", d.symbol());
        ref.put("type", d.typeName());
        ref.put("name", full);
        ref.put("id", d.typeName() + ":" + full);
        return ref;
    }

    private static JsonNode member(JsonNode object, String property) {
        if (object.has("$resource") && !property.equals("id") && !property.equals("name")) {
            return UNKNOWN; // runtime properties of a deployed resource
        }
        return object.path(property);
    }

    private JsonNode call(BicepNode n, Map<String, JsonNode> scope) {
        String function = n.field("function").orElseThrow().text();
        List<JsonNode> args = new ArrayList<>();
        n.field("arguments").orElseThrow().children().forEach(a -> args.add(eval(a, scope)));
        boolean known = args.stream().noneMatch(JsonNode::isMissingNode);
        switch (function) {
            case "loadJsonContent": return loadJson(args.get(0).asText());
            case "indexOf": {
                if (!known) {
                    return UNKNOWN;
                }
                JsonNode array = args.get(0);
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).equals(args.get(1))) {
                        return JSON.numberNode(i);
                    }
                }
                return JSON.numberNode(-1);
            }
            case "subscriptionResourceId": return known
                    ? JSON.textNode(args.get(0).asText() + ":" + args.get(args.size() - 1).asText()) : UNKNOWN;
            case "guid": {
                List<String> parts = args.stream().map(a -> a.isMissingNode() ? "?" : a.asText()).toList();
                return JSON.textNode("guid(" + String.join(",", parts) + ")");
            }
            case "concat": return known ? concat(args) : UNKNOWN;
            case "union": {
                if (!known) {
                    return UNKNOWN;
                }
                ObjectNode merged = JSON.objectNode();
                args.forEach(a -> merged.setAll((ObjectNode) a));
                return merged;
            }
            case "empty": return known ? JSON.booleanNode(isEmpty(args.get(0))) : UNKNOWN;
            case "toLower": return known ? JSON.textNode(args.get(0).asText().toLowerCase(java.util.Locale.ROOT))
                    : UNKNOWN;
            default: return UNKNOWN;
        }
    }

    private static boolean isEmpty(JsonNode value) {
        return value.isNull() || value.isTextual() && value.asText().isEmpty()
                || value.isContainerNode() && value.size() == 0;
    }

    private static JsonNode concat(List<JsonNode> args) {
        if (args.get(0).isArray()) {
            ArrayNode all = JSON.arrayNode();
            args.forEach(a -> all.addAll((ArrayNode) a));
            return all;
        }
        StringBuilder text = new StringBuilder();
        args.forEach(a -> text.append(a.asText()));
        return JSON.textNode(text.toString());
    }

    private JsonNode loadJson(String relative) {
        try {
            return MAPPER.readTree(file.path.getParent().resolve(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file.path + ": loadJsonContent('" + relative + "') cannot be read", e);
        }
    }

    private JsonNode string(BicepNode n, Map<String, JsonNode> scope) {
        StringBuilder text = new StringBuilder();
        for (BicepNode part : n.children()) {
            switch (part.type()) {
                case "string_content" -> text.append(part.text());
                case "escape_sequence" -> text.append(unescape(part.text()));
                case "interpolation" -> {
                    JsonNode value = eval(part.child(0), scope);
                    if (value.isMissingNode() || value.isContainerNode()) {
                        return UNKNOWN;
                    }
                    text.append(value.asText());
                }
                default -> { }
            }
        }
        return JSON.textNode(text.toString());
    }

    /** The value of a string literal without interpolation (a resource type, a module path, a key). */
    static String literalString(BicepNode n) {
        StringBuilder text = new StringBuilder();
        for (BicepNode part : n.children()) {
            if (part.type().equals("string_content")) {
                text.append(part.text());
            } else if (part.type().equals("escape_sequence")) {
                text.append(unescape(part.text()));
            } else {
                throw new IllegalArgumentException("line " + n.line() + ": '" + n.text() + "' is not a literal");
            }
        }
        return text.toString();
    }

    private static String unescape(String sequence) {
        return switch (sequence) {
            case "\\n" -> "\n";
            case "\\r" -> "\r";
            case "\\t" -> "\t";
            default -> sequence.substring(1);
        };
    }
}
