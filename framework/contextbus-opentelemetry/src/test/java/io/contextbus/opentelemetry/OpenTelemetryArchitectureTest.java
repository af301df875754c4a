package io.contextbus.opentelemetry;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/**
 * The module's public API is {@link ContextBusTracing}; the spans, the store wrapper and the header
 * codec live in {@code io.contextbus.opentelemetry.implementation}, which no public signature mentions.
 */
class OpenTelemetryArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(ContextBusTracing.class);
    }
}
