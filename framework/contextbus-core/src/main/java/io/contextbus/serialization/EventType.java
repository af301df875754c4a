package io.contextbus.serialization;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event class's type as stored and published ({@code value}) and the schema version its
 * fields have today ({@code version}). Read by {@link EventTypeRegistry.Builder#register(Class)}.
 * The type name is a contract with every consumer: renaming the class must not change it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {
    /** The event type name, e.g. {@code ordering.OrderPlaced}. */
    String value();

    /** The current schema version of the class, 1 for a new event. */
    int version() default 1;
}
