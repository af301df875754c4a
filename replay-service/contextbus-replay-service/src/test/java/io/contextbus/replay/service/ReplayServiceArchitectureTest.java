package io.contextbus.replay.service;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/** No public signature of this module mentions a type of an {@code implementation} package (ADR 0024): the replay service's public API is the service, its configuration and its ports; its engine, registry and HTTP API live in implementation. */
class ReplayServiceArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(ReplayService.class);
    }
}
