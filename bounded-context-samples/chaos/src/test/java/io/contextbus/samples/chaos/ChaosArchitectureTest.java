package io.contextbus.samples.chaos;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/** No public signature of the soak mentions a type of an {@code implementation} package (ADR 0024). */
class ChaosArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(ChaosMain.class);
    }
}
