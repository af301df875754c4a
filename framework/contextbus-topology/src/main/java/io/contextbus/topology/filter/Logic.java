package io.contextbus.topology.filter;

/** AND, OR, NOT and LIKE: the condition nodes with SQL's three-valued logic or a compiled pattern. */
final class Logic {
    private Logic() {
    }

    /** AND: FALSE wins over unknown; TRUE only when both are TRUE. */
    static final class And extends Node.Condition {
        private final Node left;
        private final Node right;

        And(int position, Node left, Node right) {
            super(position);
            this.left = left;
            this.right = right;
        }

        @Override Object eval(FilterContext message) {
            Object l = left.eval(message);
            if (Boolean.FALSE.equals(l)) {
                return false;
            }
            Object r = right.eval(message);
            if (Boolean.FALSE.equals(r)) {
                return false;
            }
            return l == null || r == null ? null : true;
        }

        @Override boolean isConstant() {
            return left.isConstant() && right.isConstant();
        }
    }

    /** OR: TRUE wins over unknown; FALSE only when both are FALSE. */
    static final class Or extends Node.Condition {
        private final Node left;
        private final Node right;

        Or(int position, Node left, Node right) {
            super(position);
            this.left = left;
            this.right = right;
        }

        @Override Object eval(FilterContext message) {
            Object l = left.eval(message);
            if (Boolean.TRUE.equals(l)) {
                return true;
            }
            Object r = right.eval(message);
            if (Boolean.TRUE.equals(r)) {
                return true;
            }
            return l == null || r == null ? null : false;
        }

        @Override boolean isConstant() {
            return left.isConstant() && right.isConstant();
        }
    }

    /** NOT: unknown stays unknown. */
    static final class Not extends Node.Condition {
        private final Node operand;

        Not(int position, Node operand) {
            super(position);
            this.operand = operand;
        }

        @Override Object eval(FilterContext message) {
            Object v = operand.eval(message);
            return v == null ? null : !(Boolean) v;
        }

        @Override boolean isConstant() {
            return operand.isConstant();
        }
    }

    /**
     * {@code [NOT] LIKE pattern [ESCAPE c]}: unknown when any operand is unknown or not a string.
     * A constant pattern (the usual case) is compiled once, at parse time.
     */
    static final class Like extends Node.Condition {
        private final Node operand;
        private final Node pattern;
        private final Node escape;
        private final boolean negated;
        private final LikeMatcher compiled;

        Like(int position, Node operand, Node pattern, Node escape, boolean negated) {
            super(position);
            this.operand = operand;
            this.pattern = pattern;
            this.escape = escape;
            this.negated = negated;
            boolean constantPattern = pattern.isConstant() && (escape == null || escape.isConstant());
            this.compiled = constantPattern ? compileOrNull(pattern.eval(null), escape == null ? null : escape.eval(null))
                    : null;
        }

        private static LikeMatcher compileOrNull(Object pattern, Object escape) {
            return pattern instanceof String p && (escape == null || escape instanceof String)
                    ? LikeMatcher.compile(p, (String) escape) : null;
        }

        @Override Object eval(FilterContext message) {
            Object value = operand.eval(message);
            if (!(value instanceof String s)) {
                return null;
            }
            LikeMatcher matcher = compiled;
            if (matcher == null) {
                Object p = pattern.eval(message);
                Object e = escape == null ? null : escape.eval(message);
                if (!(p instanceof String) || (escape != null && !(e instanceof String))) {
                    return null;
                }
                matcher = LikeMatcher.compile((String) p, (String) e);
            }
            return matcher.matches(s) != negated;
        }

        @Override boolean isConstant() {
            return operand.isConstant() && pattern.isConstant() && (escape == null || escape.isConstant());
        }
    }
}
