package io.contextbus.servicebus;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/**
 * The adapter's public API is {@code io.contextbus.servicebus}: the bus, its builder, the option
 * records and what users catch or read; everything else lives in
 * {@code io.contextbus.servicebus.implementation}, which no public signature mentions (ADR 0024).
 */
class ServiceBusArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(ContextBus.class);
    }
}
