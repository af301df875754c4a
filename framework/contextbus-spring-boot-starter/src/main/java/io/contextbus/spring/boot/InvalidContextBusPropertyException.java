package io.contextbus.spring.boot;

import io.contextbus.error.ValidationException;

/**
 * A {@code contextbus.*} property is missing, malformed or inconsistent with another: the
 * application does not start. The message begins with the property's name, as written in
 * {@code application.properties}; a retry cannot help.
 */
public final class InvalidContextBusPropertyException extends ValidationException {
    private final String property;

    public InvalidContextBusPropertyException(String property, String message) {
        super(property, message);
        this.property = property;
    }

    /** The property, e.g. {@code contextbus.servicebus.namespace}. */
    public String property() {
        return property;
    }
}
