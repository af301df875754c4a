package io.contextbus.topology;

/**
 * One way a topology breaks a contextbus rule, e.g. a subscription without sessions. {@code path}
 * names the JSON element as the topology file spells it; {@code message} says what is wrong and
 * what contextbus needs instead.
 */
public record TopologyViolation(String path, String message) {
    public TopologyViolation {
        Checks.notNull(path, "path");
        Checks.notNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
