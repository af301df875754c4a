package io.contextbus.samples.runtime;

import io.contextbus.model.ContextName;
import io.contextbus.store.cosmos.CosmosTestTarget;
import java.util.Optional;
import java.util.UUID;

/** The samples' tests' Cosmos storage: a context's container on the Cosmos DB stand-in, in a database of its own. */
public final class StandInStorage {
    private StandInStorage() {
    }

    /** Opens {@code context}'s storage in a fresh database {@code <databasePrefix>-<8 hex>}. */
    public static CosmosStorage open(String databasePrefix, ContextName context) {
        CosmosTestTarget target = CosmosTestTarget.get();
        return new CosmosStorage(new CosmosSettings(target.endpoint(), Optional.ofNullable(target.key()),
                databasePrefix + "-" + UUID.randomUUID().toString().substring(0, 8)), context);
    }
}
