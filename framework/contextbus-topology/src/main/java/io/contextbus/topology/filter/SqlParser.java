package io.contextbus.topology.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Recursive-descent parser of the Service Bus SQL filter grammar, lowest precedence first:
 * <pre>
 * condition  := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | predicate
 * predicate  := EXISTS '(' property ')'
 *             | sum [ compare-op sum | IS [NOT] NULL | [NOT] IN '(' sum (',' sum)* ')'
 *                   | [NOT] LIKE sum [ESCAPE sum] ]
 * sum        := product (('+'|'-') product)*
 * product    := unary (('*'|'/'|'%') unary)*
 * unary      := ('+'|'-') unary | primary
 * primary    := constant | property | function '(' args ')' | '(' condition ')'
 * property   := [ (sys|user) '.' ] (identifier | [delimited] | "quoted")
 * </pre>
 * Each node is type-checked as it is built, and constant sub-expressions are folded.
 */
final class SqlParser {
    private static final String CONDITION = "a condition (a comparison, IS NULL, IN, LIKE, EXISTS, TRUE or FALSE)";

    private final String source;
    private final List<Token> tokens;
    private int index;

    private SqlParser(String source) {
        this.source = source;
        this.tokens = Lexer.tokenize(source);
    }

    /** Parses a whole filter expression into a condition node. */
    static Node parse(String source) {
        SqlParser parser = new SqlParser(source);
        if (parser.peek().kind() == Token.Kind.END) {
            throw parser.error(CONDITION);
        }
        Node root = parser.condition();
        if (parser.peek().kind() != Token.Kind.END) {
            throw parser.error("AND, OR or the end of the expression");
        }
        return parser.requireCondition(root);
    }

    private Node condition() {
        Node left = and();
        while (peek().isKeyword("OR")) {
            requireCondition(left);
            int at = next().position();
            Node right = requireCondition(and());
            left = fold(new Logic.Or(at, left, right));
        }
        return left;
    }

    private Node and() {
        Node left = not();
        while (peek().isKeyword("AND")) {
            requireCondition(left);
            int at = next().position();
            Node right = requireCondition(not());
            left = fold(new Logic.And(at, left, right));
        }
        return left;
    }

    private Node not() {
        if (peek().isKeyword("NOT")) {
            int at = next().position();
            return fold(new Logic.Not(at, requireCondition(not())));
        }
        return predicate();
    }

    private Node predicate() {
        if (peek().isKeyword("EXISTS")) {
            int at = next().position();
            expectSymbol("(");
            Node property = property("a property name inside EXISTS( )");
            expectSymbol(")");
            return new Node.Exists(at, property);
        }
        Node left = sum();
        Token t = peek();
        if (t.kind() == Token.Kind.SYMBOL && isComparison(t.text())) {
            next();
            return fold(new Node.Comparison(t.position(), t.text(), left, sum()));
        }
        if (t.isKeyword("IS")) {
            next();
            boolean negated = accept("NOT");
            expectKeyword("NULL");
            return fold(new Node.IsNull(t.position(), left, negated));
        }
        boolean negated = t.isKeyword("NOT") && (peek(1).isKeyword("IN") || peek(1).isKeyword("LIKE"));
        if (negated) {
            next();
        }
        if (peek().isKeyword("IN")) {
            return in(left, next().position(), negated);
        }
        if (peek().isKeyword("LIKE")) {
            return like(left, next().position(), negated);
        }
        return left;
    }

    private Node in(Node left, int at, boolean negated) {
        expectSymbol("(");
        List<Node> items = new ArrayList<>();
        do {
            items.add(sum());
        } while (acceptSymbol(","));
        expectSymbol(")");
        return fold(new Node.In(at, left, items, negated));
    }

    private Node like(Node left, int at, boolean negated) {
        requireString(left);
        Node pattern = requireString(sum());
        Node escape = accept("ESCAPE") ? requireString(sum()) : null;
        return fold(build(at, () -> new Logic.Like(at, left, pattern, escape, negated)));
    }

    private Node sum() {
        Node left = product();
        while (peek().isSymbol("+") || peek().isSymbol("-")) {
            Token op = next();
            Node right = product();
            left = fold(arithmetic(op, left, right));
        }
        return left;
    }

    private Node product() {
        Node left = unary();
        while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isSymbol("%")) {
            Token op = next();
            Node right = unary();
            left = fold(arithmetic(op, left, right));
        }
        return left;
    }

    private Node unary() {
        if (peek().isSymbol("-") || peek().isSymbol("+")) {
            Token op = next();
            Node operand = requireNumber(unary());
            return op.text().equals("-") ? fold(new Node.Negate(op.position(), operand)) : operand;
        }
        return primary();
    }

    private Node primary() {
        Token t = peek();
        switch (t.kind()) {
            case STRING:
                next();
                return new Node.Const(t.position(), t.text(), Node.Type.STRING);
            case INTEGER:
                next();
                return integer(t);
            case DECIMAL:
                next();
                return new Node.Const(t.position(), Double.parseDouble(t.text()), Node.Type.NUMBER);
            case KEYWORD:
                return keywordConstant();
            case IDENTIFIER:
                return peek(1).isSymbol("(") ? function() : property("a property name");
            case DELIMITED_IDENTIFIER:
                return property("a property name");
            default:
                if (t.isSymbol("(")) {
                    next();
                    Node inner = condition();
                    expectSymbol(")");
                    return inner;
                }
                throw error("an expression");
        }
    }

    private Node keywordConstant() {
        Token t = next();
        return switch (t.text()) {
            case "TRUE" -> new Node.Const(t.position(), true, Node.Type.CONDITION);
            case "FALSE" -> new Node.Const(t.position(), false, Node.Type.CONDITION);
            case "NULL" -> new Node.Const(t.position(), null, Node.Type.ANY);
            default -> throw error(t, "an expression");
        };
    }

    private Node integer(Token t) {
        try {
            return new Node.Const(t.position(), Long.parseLong(t.text()), Node.Type.NUMBER);
        } catch (NumberFormatException e) {
            throw new FilterSyntaxException(source, t.position(), "an integer within the 64-bit range", t.describe());
        }
    }

    private Node function() {
        Token name = next();
        expectSymbol("(");
        String fn = name.text().toLowerCase(Locale.ROOT);
        Node result;
        if (fn.equals("newid")) {
            result = new Node.NewId(name.position());
        } else if (fn.equals("property") || fn.equals("p")) {
            Node arg = sum();
            result = arg instanceof Node.Const c && c.value instanceof String s
                    ? new Node.UserProperty(name.position(), s) : new Node.DynamicProperty(name.position(), arg);
        } else {
            throw error(name, "a known function (newid, property, p)");
        }
        expectSymbol(")");
        return result;
    }

    /** {@code name}, {@code [name]}, {@code user.name} or {@code sys.Name}. */
    private Node property(String expected) {
        Token first = peek();
        if (first.kind() == Token.Kind.DELIMITED_IDENTIFIER) {
            next();
            return new Node.UserProperty(first.position(), first.text());
        }
        if (first.kind() != Token.Kind.IDENTIFIER) {
            throw error(expected);
        }
        next();
        if (!acceptSymbol(".")) {
            return new Node.UserProperty(first.position(), first.text());
        }
        String scope = first.text().toLowerCase(Locale.ROOT);
        if (!scope.equals("sys") && !scope.equals("user")) {
            throw error(first, "the scope sys or user before '.'");
        }
        Token name = peek();
        if (name.kind() != Token.Kind.IDENTIFIER && name.kind() != Token.Kind.DELIMITED_IDENTIFIER) {
            throw error("a property name after '" + first.text() + ".'");
        }
        next();
        if (scope.equals("user")) {
            return new Node.UserProperty(first.position(), name.text());
        }
        SystemProperty sys = SystemProperty.byName(name.text())
                .orElseThrow(() -> error(name, "a system property such as sys.MessageId, sys.Label or sys.SessionId"));
        return new Node.SystemPropertyRef(first.position(), sys);
    }

    private Node arithmetic(Token op, Node left, Node right) {
        char c = op.text().charAt(0);
        if (c == '+' && left.type() == Node.Type.STRING && right.type() == Node.Type.STRING) {
            return new Node.Arithmetic(op.position(), c, left, right);
        }
        if (c != '+' || (left.type() != Node.Type.STRING && right.type() != Node.Type.STRING)) {
            requireNumber(left);
            requireNumber(right);
        } else {
            requireNotCondition(left, "a number or a string");
            requireNotCondition(right, "a number or a string");
        }
        return new Node.Arithmetic(op.position(), c, left, right);
    }

    /** Folds a constant node into its value, once; an expression that can only fail is refused now. */
    private Node fold(Node node) {
        if (!node.isConstant() || node instanceof Node.Const) {
            return node;
        }
        Object value = build(node.position, () -> node.eval(null));
        Node.Type type = node.type() == Node.Type.CONDITION ? Node.Type.CONDITION
                : value instanceof String ? Node.Type.STRING : value instanceof Number ? Node.Type.NUMBER : Node.Type.ANY;
        return new Node.Const(node.position, value, type);
    }

    private <T> T build(int at, Supplier<T> step) {
        try {
            return step.get();
        } catch (EvalError e) {
            throw new FilterSyntaxException(source, at, "an expression that can be evaluated", e.getMessage()
                    .replaceAll("\\.$", ""));
        }
    }

    private Node requireCondition(Node node) {
        if (node.type() != Node.Type.CONDITION) {
            throw new FilterSyntaxException(source, node.position, CONDITION, "a value");
        }
        return node;
    }

    private Node requireNumber(Node node) {
        if (node.type() == Node.Type.CONDITION || node.type() == Node.Type.STRING) {
            throw new FilterSyntaxException(source, node.position, "a number",
                    node.type() == Node.Type.STRING ? "a string" : "a condition");
        }
        return node;
    }

    private Node requireString(Node node) {
        if (node.type() == Node.Type.CONDITION || node.type() == Node.Type.NUMBER) {
            throw new FilterSyntaxException(source, node.position, "a string",
                    node.type() == Node.Type.NUMBER ? "a number" : "a condition");
        }
        return node;
    }

    private void requireNotCondition(Node node, String expected) {
        if (node.type() == Node.Type.CONDITION) {
            throw new FilterSyntaxException(source, node.position, expected, "a condition");
        }
    }

    private static boolean isComparison(String symbol) {
        return switch (symbol) {
            case "=", "<>", "!=", "<", "<=", ">", ">=" -> true;
            default -> false;
        };
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(index);
        if (t.kind() != Token.Kind.END) {
            index++;
        }
        return t;
    }

    private boolean accept(String keyword) {
        if (peek().isKeyword(keyword)) {
            next();
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            next();
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!accept(keyword)) {
            throw error(keyword);
        }
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw error("'" + symbol + "'");
        }
    }

    private FilterSyntaxException error(String expected) {
        return error(peek(), expected);
    }

    private FilterSyntaxException error(Token at, String expected) {
        return new FilterSyntaxException(source, at.position(), expected, at.describe());
    }
}
