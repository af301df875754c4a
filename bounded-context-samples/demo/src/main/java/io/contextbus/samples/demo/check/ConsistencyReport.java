package io.contextbus.samples.demo.check;

import java.util.List;

/**
 * The outcome of a consistency check: the violations found (none when consistent) and what was
 * checked, for the demo's report.
 */
public record ConsistencyReport(
        List<Violation> violations,
        int orders,
        int confirmed,
        int cancelled,
        int shipments,
        int sourceCommits,
        int appliedCommits) {

    public ConsistencyReport {
        violations = List.copyOf(violations);
    }

    public boolean consistent() {
        return violations.isEmpty();
    }

    /** Whether some violation is of {@code rule}. */
    public boolean breaks(String rule) {
        return violations.stream().anyMatch(v -> v.rule().equals(rule));
    }
}
