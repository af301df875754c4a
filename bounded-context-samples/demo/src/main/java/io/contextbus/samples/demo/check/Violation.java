package io.contextbus.samples.demo.check;

/** One broken promise found by the consistency check: which rule, and where. */
public record Violation(String rule, String detail) {
    @Override
    public String toString() {
        return rule + ": " + detail;
    }
}
