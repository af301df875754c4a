package io.contextbus.replay.client;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/** No public signature of this module mentions a type of an {@code implementation} package (ADR 0024): the replay client and its messages are public API. */
class ReplayClientImplementationRuleTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(ReplayClient.class);
    }
}
