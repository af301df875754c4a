package io.contextbus.servicebus.local;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/** No public signature of this module mentions a type of an {@code implementation} package (ADR 0024): the local broker's public API is LocalServiceBus, its main class and its counts; its AMQP engine lives in implementation. */
class LocalServiceBusArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(LocalServiceBus.class);
    }
}
