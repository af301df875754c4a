package io.contextbus.infra;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The declarations of one parsed Bicep file: parameters, variables, resources and modules (with
 * their loops and conditions), and outputs, each by symbolic name.
 */
final class BicepFile {
    /** A {@code resource} or {@code module} declaration. */
    record Declaration(String symbol, String target, Optional<Loop> loop, Optional<BicepNode> condition,
                       BicepNode body, int line) {
        /** For a resource: {@code Microsoft.X/y}; for a module: its path. */
        String typeName() {
            int at = target.indexOf('@');
            return at < 0 ? target : target.substring(0, at);
        }
    }

    /** {@code [for (item, index) in iterable: ...]}. */
    record Loop(String item, Optional<String> index, BicepNode iterable) {
    }

    /** A {@code param}: its declaration node, default value and whether it is {@code @secure()}. */
    record Param(String name, Optional<BicepNode> defaultValue, boolean secure, BicepNode node) {
    }

    final Path path;
    final BicepNode tree;
    final Map<String, Param> params = new LinkedHashMap<>();
    final Map<String, BicepNode> variables = new LinkedHashMap<>();
    final Map<String, Declaration> resources = new LinkedHashMap<>();
    final Map<String, Declaration> modules = new LinkedHashMap<>();
    final Map<String, BicepNode> outputs = new LinkedHashMap<>();

    private BicepFile(Path path, BicepNode tree) {
        this.path = path;
        this.tree = tree;
        List<BicepNode> top = tree.children();
        for (int i = 0; i < top.size(); i++) {
            BicepNode n = top.get(i);
            boolean secure = i > 0 && top.get(i - 1).type().equals("decorators")
                    && top.get(i - 1).text().contains("@secure()");
            switch (n.type()) {
                case "parameter_declaration" -> params.put(n.child(0).text(), new Param(n.child(0).text(),
                        n.children().size() > 2 ? Optional.of(n.child(n.children().size() - 1)) : Optional.empty(),
                        secure, n));
                case "variable_declaration" -> variables.put(n.child(0).text(), n.child(n.children().size() - 1));
                case "resource_declaration" -> resources.put(n.child(0).text(), declaration(n));
                case "module_declaration" -> modules.put(n.child(0).text(), declaration(n));
                case "output_declaration" -> outputs.put(n.child(0).text(), n.child(n.children().size() - 1));
                default -> { }
            }
        }
    }

    static BicepFile parse(Path path) {
        BicepParser.Parsed parsed = BicepParser.parse(path);
        if (!parsed.errors().isEmpty()) {
            throw new IllegalStateException(path + " does not parse: " + parsed.errors());
        }
        return new BicepFile(path, parsed.tree());
    }

    static BicepFile of(BicepParser.Parsed parsed) {
        return new BicepFile(parsed.file(), parsed.tree());
    }

    private static Declaration declaration(BicepNode n) {
        String symbol = n.child(0).text();
        String target = BicepEvaluator.literalString(n.child(1));
        BicepNode value = n.child(n.children().size() - 1);
        Optional<Loop> loop = Optional.empty();
        Optional<BicepNode> condition = Optional.empty();
        if (value.type().equals("for_statement")) {
            BicepNode first = value.child(0);
            if (first.type().equals("for_loop_parameters")) {
                loop = Optional.of(new Loop(first.child(0).text(),
                        first.children().size() > 1 ? Optional.of(first.child(1).text()) : Optional.empty(),
                        value.child(1)));
            } else {
                loop = Optional.of(new Loop(first.text(), Optional.empty(), value.child(1)));
            }
            value = value.child(value.children().size() - 1);
        }
        if (value.type().equals("if_statement")) {
            condition = Optional.of(value.child(0));
            value = value.child(value.children().size() - 1);
        }
        return new Declaration(symbol, target, loop, condition, value, n.line());
    }
}
