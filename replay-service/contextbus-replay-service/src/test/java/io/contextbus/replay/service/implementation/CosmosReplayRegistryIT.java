package io.contextbus.replay.service.implementation;

import com.azure.cosmos.CosmosClientBuilder;
import io.contextbus.store.cosmos.CosmosTestTarget;
import java.util.UUID;

/** The registry contract on Cosmos DB (the stand-in, or the account CONTEXTBUS_COSMOS_ENDPOINT names). */
class CosmosReplayRegistryIT extends ReplayRegistryContract {
    /** A container of its own per test, in a database of its own. */
    final String container = "replay-service-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    ReplayRegistry open() {
        CosmosTestTarget cosmos = CosmosTestTarget.get();
        return CosmosReplayRegistry.open(new CosmosClientBuilder().endpoint(cosmos.endpoint()).key(cosmos.key())
                .gatewayMode().buildClient(), "contextbus-registry-tests", container, true);
    }
}
