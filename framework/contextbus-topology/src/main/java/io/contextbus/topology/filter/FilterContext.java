package io.contextbus.topology.filter;

import java.util.Map;

/**
 * What a filter reads from one message. The broker implements it over its own message
 * representation, without copying: filters call it only for the properties they name.
 * Application property names are passed as the expression writes them; Service Bus matches them
 * case-insensitively, and so should implementations ({@link #of} does).
 */
public interface FilterContext {

    /** The system property's value, or null when the message does not carry it. */
    Object systemProperty(SystemProperty property);

    /**
     * The application property's value (String, Long/Integer/Short/Byte, Double/Float, Boolean,
     * UUID, Instant, Duration), or null when absent or null.
     */
    Object applicationProperty(String name);

    /** True when the message carries the application property, even with a null value ({@code EXISTS}). */
    default boolean hasApplicationProperty(String name) {
        return applicationProperty(name) != null;
    }

    /**
     * A context over two maps; application property names match exactly first, then ignoring case.
     * Convenient for tests and brokers that already hold maps.
     */
    static FilterContext of(Map<SystemProperty, ?> system, Map<String, ?> application) {
        return new MapFilterContext(system, application);
    }
}
