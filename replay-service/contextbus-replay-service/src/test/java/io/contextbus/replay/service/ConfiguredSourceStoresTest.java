package io.contextbus.replay.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.error.StoreException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ConfiguredSourceStores and the per-context store configuration")
class ConfiguredSourceStoresTest {
    static final ContextName ORDERING = ContextName.of("ordering");
    static final ContextName CATALOG = ContextName.of("catalog");
    static final ContextName SHIPPING = ContextName.of("shipping");
    static final CosmosStoreOptions COSMOS = CosmosStoreOptions.builder()
            .endpoint("https://acct.documents.azure.com:443/").key("a2V5").build();

    @TempDir
    Path dir;

    @Test
    @DisplayName("only contexts with a store (SQLite or Cosmos DB) are sources")
    void sourcesAreTheContextsWithAStore() {
        try (ConfiguredSourceStores stores = new ConfiguredSourceStores(Map.of(
                ORDERING, ReplayServiceConfig.Context.sqliteSource(dir),
                CATALOG, ReplayServiceConfig.Context.cosmosSource(COSMOS),
                SHIPPING, ReplayServiceConfig.Context.target()))) {
            assertEquals(Set.of(ORDERING, CATALOG), stores.contexts());
            assertEquals("context", assertThrows(ValidationException.class, () -> stores.store(SHIPPING)).field());
        }
    }

    @Test
    @DisplayName("a SQLite source is opened read-only on first use and kept open")
    void sqliteSourceOpenedReadOnly() {
        SqliteEventStore.open(dir, ORDERING).close();
        try (ConfiguredSourceStores stores = new ConfiguredSourceStores(Map.of(
                ORDERING, ReplayServiceConfig.Context.sqliteSource(dir)))) {
            SqliteEventStore store = (SqliteEventStore) stores.store(ORDERING);
            assertTrue(store.isReadOnly());
            assertEquals(store, stores.store(ORDERING));
        }
    }

    @Test
    @DisplayName("a missing SQLite store is not created: the open fails, naming it")
    void missingSqliteStoreNotCreated() {
        try (ConfiguredSourceStores stores = new ConfiguredSourceStores(Map.of(
                ORDERING, ReplayServiceConfig.Context.sqliteSource(dir)))) {
            StoreException e = assertThrows(StoreException.class, () -> stores.store(ORDERING));
            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("ordering"), e.getMessage());
        }
    }

    @Test
    @DisplayName("a context has at most one store")
    void oneStorePerContext() {
        ValidationException e = assertThrows(ValidationException.class, () -> new ReplayServiceConfig.Context(
                Optional.of(dir), Optional.of(COSMOS), SessionStrategy.PER_STREAM));
        assertEquals("cosmos", e.field());
    }
}
