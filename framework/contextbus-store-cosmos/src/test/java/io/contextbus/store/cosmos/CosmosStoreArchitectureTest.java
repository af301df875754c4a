package io.contextbus.store.cosmos;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/** No public signature of this module mentions a type of an {@code implementation} package (ADR 0024): the Cosmos adapter's public API is its stores, options, metrics and the transaction handlers write through; its inbox, checkpoints and documents live in implementation. */
class CosmosStoreArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(CosmosStores.class);
    }
}
