package io.contextbus.dispatch;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The nested option records must be usable whichever class a JVM initializes first: a static
 * initialization cycle between {@code DispatcherOptions} and {@code Backoff} once left
 * {@code DEFAULT} null and broke every later use in that JVM.
 */
class DispatcherOptionsInitOrderTest {

    @Test
    void backoff_first() throws Exception {
        assertNotNull(defaultOf("io.contextbus.dispatch.DispatcherOptions$Backoff"));
    }

    @Test
    void breaker_first() throws Exception {
        assertNotNull(defaultOf("io.contextbus.dispatch.DispatcherOptions$Breaker"));
    }

    @Test
    void options_first() throws Exception {
        assertNotNull(defaultOf("io.contextbus.dispatch.DispatcherOptions"));
    }

    /** Reads {@code DEFAULT} of the class in a fresh class loader, so nothing is initialized yet. */
    private static Object defaultOf(String className) throws Exception {
        URL classes = DispatcherOptions.class.getProtectionDomain().getCodeSource().getLocation();
        URL errors = io.contextbus.error.ValidationException.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes, errors}, ClassLoader.getPlatformClassLoader())) {
            return Class.forName(className, true, fresh).getField("DEFAULT").get(null);
        }
    }
}
