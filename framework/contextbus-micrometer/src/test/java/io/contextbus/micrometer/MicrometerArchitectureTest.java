package io.contextbus.micrometer;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/** The module's public API is {@link MicrometerObserver}; nothing public mentions an implementation type (ADR 0024). */
class MicrometerArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(MicrometerObserver.class);
    }
}
