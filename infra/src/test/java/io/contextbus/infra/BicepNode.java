package io.contextbus.infra;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One named node of a tree-sitter-bicep parse tree: its type, field name in its parent, text, line, children. */
record BicepNode(String type, String field, String text, int line, List<BicepNode> children) {
    BicepNode {
        children = List.copyOf(children);
    }

    static BicepNode of(JsonNode json) {
        List<BicepNode> kids = new ArrayList<>();
        json.path("children").forEach(c -> kids.add(of(c)));
        String field = json.path("field").isNull() ? null : json.path("field").asText();
        return new BicepNode(json.path("type").asText(), field, json.path("text").asText(), json.path("line").asInt(),
                kids);
    }

    /** The child in field {@code name}, if any. */
    Optional<BicepNode> field(String name) {
        return children.stream().filter(c -> name.equals(c.field)).findFirst();
    }

    /** Children of this type. */
    List<BicepNode> childrenOfType(String childType) {
        return children.stream().filter(c -> c.type.equals(childType)).toList();
    }

    Optional<BicepNode> firstOfType(String childType) {
        return children.stream().filter(c -> c.type.equals(childType)).findFirst();
    }

    BicepNode child(int index) {
        return children.get(index);
    }

    /** Every node of this subtree, depth first, this one included. */
    List<BicepNode> descendants() {
        List<BicepNode> all = new ArrayList<>();
        collect(all);
        return all;
    }

    private void collect(List<BicepNode> into) {
        into.add(this);
        children.forEach(c -> c.collect(into));
    }

    /** The key of an {@code object_property} (identifier or quoted string). */
    String propertyKey() {
        BicepNode key = children.get(0);
        boolean literal = key.type.equals("string") && key.children.stream().allMatch(
                c -> c.type.equals("string_content") || c.type.equals("escape_sequence"));
        return literal ? BicepEvaluator.literalString(key) : key.text;
    }

    /** The value of an {@code object_property}. */
    BicepNode propertyValue() {
        return children.get(children.size() - 1);
    }

    /** The value of the property {@code key} of this {@code object} node. */
    Optional<BicepNode> property(String key) {
        return childrenOfType("object_property").stream().filter(p -> p.propertyKey().equals(key))
                .map(BicepNode::propertyValue).findFirst();
    }
}
