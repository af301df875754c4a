package io.contextbus.topology;

/**
 * One way a live namespace differs from the topology file: an entity or rule that is missing or
 * extra, or a property with another value. {@code entity} is the entity path
 * ({@code ordering.events/subscriptions/inventory}, rules as {@code .../rules/<name>}),
 * {@code property} the file's property name ({@code LockDuration}) or {@code exists}, and the values
 * are written as in the file ({@code PT1M}, {@code true}, {@code absent}).
 */
public record TopologyDifference(String entity, String property, String expected, String actual) {
    public TopologyDifference {
        Checks.notNull(entity, "entity");
        Checks.notNull(property, "property");
        Checks.notNull(expected, "expected");
        Checks.notNull(actual, "actual");
    }

    @Override
    public String toString() {
        return entity + " " + property + ": expected " + expected + " but found " + actual;
    }
}
