package io.contextbus.topology;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/** No public signature of this module mentions a type of an {@code implementation} package (ADR 0024): the topology model, reader, writer, exports and filters are all public API. */
class TopologyArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(Topology.class);
    }
}
