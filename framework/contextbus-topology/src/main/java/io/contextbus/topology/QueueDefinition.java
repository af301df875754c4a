package io.contextbus.topology;

/** A queue: its name and properties. */
public record QueueDefinition(String name, QueueProperties properties) {

    public QueueDefinition {
        Checks.name(name, Checks.ENTITY_NAME, "1-260 letters, digits, '.', '-', '_', '/' starting and ending "
                + "with a letter or digit", "Name");
        Checks.notNull(properties, "Properties");
    }

    /** A queue with Service Bus' default properties. */
    public static QueueDefinition of(String name) {
        return new QueueDefinition(name, QueueProperties.DEFAULT);
    }
}
