package io.contextbus.samples.common.domain;

import java.util.Objects;

/**
 * A command broke a business rule (for example "an order can only be confirmed while it awaits
 * stock"). Retrying the same command on the same state fails the same way, so it is never
 * transient; {@code rule} is a stable code a caller can branch on or show.
 */
public class DomainRuleException extends RuntimeException {
    private final String rule;

    public DomainRuleException(String rule, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The rule's stable code, e.g. {@code order-not-open}. */
    public String rule() {
        return rule;
    }

    /** Always false: the same command on the same state breaks the same rule again. */
    public boolean isTransient() {
        return false;
    }
}
