package io.contextbus.topology.filter;

import java.util.List;
import java.util.UUID;

/**
 * A node of a compiled SQL filter. {@link #eval} returns the value for one message: a predicate
 * returns TRUE, FALSE or null (unknown); an expression returns its value or null (NULL/unknown).
 * Each node knows its static type, so the parser can refuse what can never work, and whether it is
 * constant, so the parser can fold it once ({@code 1=1} costs nothing per message).
 */
abstract class Node {
    enum Type { CONDITION, NUMBER, STRING, ANY }

    final int position;

    Node(int position) {
        this.position = position;
    }

    abstract Object eval(FilterContext message);

    abstract Type type();

    abstract boolean isConstant();

    /** A literal, or a folded constant sub-expression. */
    static final class Const extends Node {
        final Object value;
        private final Type type;

        Const(int position, Object value, Type type) {
            super(position);
            this.value = value;
            this.type = type;
        }

        @Override Object eval(FilterContext message) {
            return value;
        }

        @Override Type type() {
            return type;
        }

        @Override boolean isConstant() {
            return true;
        }
    }

    /** An application property ({@code name}, {@code user.name}, {@code [name]}, {@code property('name')}). */
    static final class UserProperty extends Node {
        final String name;

        UserProperty(int position, String name) {
            super(position);
            this.name = name;
        }

        @Override Object eval(FilterContext message) {
            return Values.normalize(message.applicationProperty(name));
        }

        @Override Type type() {
            return Type.ANY;
        }

        @Override boolean isConstant() {
            return false;
        }
    }

    /** A system property ({@code sys.Label}). */
    static final class SystemPropertyRef extends Node {
        final SystemProperty property;

        SystemPropertyRef(int position, SystemProperty property) {
            super(position);
            this.property = property;
        }

        @Override Object eval(FilterContext message) {
            return Values.normalize(message.systemProperty(property));
        }

        @Override Type type() {
            return Type.ANY;
        }

        @Override boolean isConstant() {
            return false;
        }
    }

    /** {@code property(expr)} / {@code p(expr)} with a computed name. */
    static final class DynamicProperty extends Node {
        private final Node name;

        DynamicProperty(int position, Node name) {
            super(position);
            this.name = name;
        }

        @Override Object eval(FilterContext message) {
            Object n = name.eval(message);
            if (n == null) {
                return null;
            }
            if (!(n instanceof String s)) {
                throw new EvalError("property() needs a string name but got " + Values.describe(n) + ".");
            }
            return Values.normalize(message.applicationProperty(s));
        }

        @Override Type type() {
            return Type.ANY;
        }

        @Override boolean isConstant() {
            return false;
        }
    }

    /** {@code newid()}: a fresh random UUID per evaluation. */
    static final class NewId extends Node {
        NewId(int position) {
            super(position);
        }

        @Override Object eval(FilterContext message) {
            return UUID.randomUUID();
        }

        @Override Type type() {
            return Type.ANY;
        }

        @Override boolean isConstant() {
            return false;
        }
    }

    /** Unary minus. */
    static final class Negate extends Node {
        private final Node operand;

        Negate(int position, Node operand) {
            super(position);
            this.operand = operand;
        }

        @Override Object eval(FilterContext message) {
            return Values.negate(operand.eval(message));
        }

        @Override Type type() {
            return Type.NUMBER;
        }

        @Override boolean isConstant() {
            return operand.isConstant();
        }
    }

    /** {@code + - * / %}. */
    static final class Arithmetic extends Node {
        private final char op;
        private final Node left;
        private final Node right;

        Arithmetic(int position, char op, Node left, Node right) {
            super(position);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override Object eval(FilterContext message) {
            return Values.arithmetic(op, left.eval(message), right.eval(message));
        }

        @Override Type type() {
            boolean strings = left.type() == Type.STRING && right.type() == Type.STRING;
            return op == '+' && strings ? Type.STRING : op == '+' ? Type.ANY : Type.NUMBER;
        }

        @Override boolean isConstant() {
            return left.isConstant() && right.isConstant();
        }
    }

    /** Base of nodes whose value is TRUE, FALSE or unknown. */
    abstract static class Condition extends Node {
        Condition(int position) {
            super(position);
        }

        @Override Type type() {
            return Type.CONDITION;
        }
    }

    /** {@code = <> != < <= > >=}. */
    static final class Comparison extends Condition {
        private final String op;
        private final Node left;
        private final Node right;

        Comparison(int position, String op, Node left, Node right) {
            super(position);
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override Object eval(FilterContext message) {
            return Values.compare(op, left.eval(message), right.eval(message));
        }

        @Override boolean isConstant() {
            return left.isConstant() && right.isConstant();
        }
    }

    /** {@code IS [NOT] NULL}: never unknown; a missing property IS NULL. */
    static final class IsNull extends Condition {
        private final Node operand;
        private final boolean negated;

        IsNull(int position, Node operand, boolean negated) {
            super(position);
            this.operand = operand;
            this.negated = negated;
        }

        @Override Object eval(FilterContext message) {
            return (operand.eval(message) == null) != negated;
        }

        @Override boolean isConstant() {
            return operand.isConstant();
        }
    }

    /** {@code [NOT] IN (...)}: unknown when the left side is, or when nothing matched and an item was unknown. */
    static final class In extends Condition {
        private final Node operand;
        private final List<Node> items;
        private final boolean negated;

        In(int position, Node operand, List<Node> items, boolean negated) {
            super(position);
            this.operand = operand;
            this.items = List.copyOf(items);
            this.negated = negated;
        }

        @Override Object eval(FilterContext message) {
            Object value = operand.eval(message);
            if (value == null) {
                return null;
            }
            boolean unknown = false;
            for (Node item : items) {
                Boolean eq = Values.equal(value, item.eval(message));
                if (eq == null) {
                    unknown = true;
                } else if (eq) {
                    return !negated;
                }
            }
            return unknown ? null : negated;
        }

        @Override boolean isConstant() {
            return operand.isConstant() && items.stream().allMatch(Node::isConstant);
        }
    }

    /** {@code EXISTS(property)}: true when the message carries the property, whatever its value. */
    static final class Exists extends Condition {
        private final Node property;

        Exists(int position, Node property) {
            super(position);
            this.property = property;
        }

        @Override Object eval(FilterContext message) {
            if (property instanceof UserProperty user) {
                return message.hasApplicationProperty(user.name);
            }
            return message.systemProperty(((SystemPropertyRef) property).property) != null;
        }

        @Override boolean isConstant() {
            return false;
        }
    }
}
