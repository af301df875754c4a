package io.contextbus.spring.boot;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void publicSignaturesMentionNoImplementationType() {
        ImplementationRules.checkModuleOf(ContextBusAutoConfiguration.class);
    }
}
