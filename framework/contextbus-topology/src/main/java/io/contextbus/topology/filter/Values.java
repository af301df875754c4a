package io.contextbus.topology.filter;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Value semantics of SQL filters, following Service Bus (C# promotion rules): integers are Long,
 * decimals Double, and a Long meets a Double as a Double. Null stands for both SQL NULL and
 * "unknown" (a missing property). Comparing values of unrelated types is unknown, not an error, so
 * such a message simply does not match; arithmetic on non-numbers is an error.
 */
final class Values {
    private Values() {
    }

    /** Widens the integral and floating types a broker may hand over to Long and Double. */
    static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Character c) {
            return String.valueOf(c);
        }
        return v;
    }

    /** {@code =}: TRUE, FALSE, or null (unknown) when either side is null or the types do not meet. */
    static Boolean equal(Object l, Object r) {
        if (l == null || r == null) {
            return null;
        }
        if (l instanceof Number a && r instanceof Number b) {
            return numericCompare(a, b) == 0;
        }
        if (l instanceof UUID || r instanceof UUID) {
            return uuidEqual(l, r);
        }
        if (l.getClass() == r.getClass()) {
            return l.equals(r);
        }
        return null;
    }

    private static Boolean uuidEqual(Object l, Object r) {
        if (l instanceof UUID && r instanceof UUID) {
            return l.equals(r);
        }
        if (l instanceof String || r instanceof String) {
            return l.toString().equalsIgnoreCase(r.toString());
        }
        return null;
    }

    /** Order of two values, or null when unknown or not ordered (booleans, UUIDs, mixed types). */
    static Integer order(Object l, Object r) {
        if (l == null || r == null) {
            return null;
        }
        if (l instanceof Number a && r instanceof Number b) {
            return numericCompare(a, b);
        }
        if (l instanceof String a && r instanceof String b) {
            return a.compareTo(b);
        }
        if (l instanceof Instant a && r instanceof Instant b) {
            return a.compareTo(b);
        }
        if (l instanceof Duration a && r instanceof Duration b) {
            return a.compareTo(b);
        }
        return null;
    }

    static Boolean compare(String op, Object l, Object r) {
        switch (op) {
            case "=":
                return equal(l, r);
            case "<>":
            case "!=":
                Boolean eq = equal(l, r);
                return eq == null ? null : !eq;
            default:
                Integer c = order(l, r);
                if (c == null) {
                    return null;
                }
                return switch (op) {
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    default -> throw new IllegalArgumentException("not a comparison: " + op);
                };
        }
    }

    private static int numericCompare(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return Double.compare(a.doubleValue(), b.doubleValue());
    }

    static Object arithmetic(char op, Object l, Object r) {
        if (l == null || r == null) {
            return null;
        }
        if (op == '+' && l instanceof String a && r instanceof String b) {
            return a + b;
        }
        if (!(l instanceof Number a) || !(r instanceof Number b)) {
            throw new EvalError("cannot apply " + op + " to " + describe(l) + " and " + describe(r) + ".");
        }
        if (a instanceof Long x && b instanceof Long y) {
            return longArithmetic(op, x, y);
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return switch (op) {
            case '+' -> x + y;
            case '-' -> x - y;
            case '*' -> x * y;
            case '/' -> x / y;
            case '%' -> x % y;
            default -> throw new IllegalArgumentException("not an arithmetic operator: " + op);
        };
    }

    private static Long longArithmetic(char op, long x, long y) {
        try {
            return switch (op) {
                case '+' -> Math.addExact(x, y);
                case '-' -> Math.subtractExact(x, y);
                case '*' -> Math.multiplyExact(x, y);
                case '/' -> y == 0 ? divisionByZero() : x / y;
                case '%' -> y == 0 ? divisionByZero() : x % y;
                default -> throw new IllegalArgumentException("not an arithmetic operator: " + op);
            };
        } catch (ArithmeticException e) {
            throw new EvalError("integer overflow in " + x + " " + op + " " + y + ".");
        }
    }

    private static long divisionByZero() {
        throw new EvalError("division by zero.");
    }

    static Object negate(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Long x) {
            if (x == Long.MIN_VALUE) {
                throw new EvalError("integer overflow in -(" + x + ").");
            }
            return -x;
        }
        if (v instanceof Double d) {
            return -d;
        }
        throw new EvalError("cannot negate " + describe(v) + ".");
    }

    static String describe(Object v) {
        if (v == null) {
            return "NULL";
        }
        String text = v instanceof String s ? "'" + s + "'" : v.toString();
        return v.getClass().getSimpleName() + " " + text;
    }
}
