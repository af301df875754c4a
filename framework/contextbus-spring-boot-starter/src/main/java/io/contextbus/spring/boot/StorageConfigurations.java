package io.contextbus.spring.boot;

import com.azure.core.credential.TokenCredential;
import io.contextbus.spring.boot.implementation.CheckedProperties;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.cosmos.CosmosStores;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The store the {@code contextbus.store.type} property names, opened once and closed after the bus:
 * SQLite ({@link SqliteEventStore} bean, whose {@code write}/{@code read} also serve the
 * application's read models) or Cosmos DB ({@link CosmosEventStore} bean). Neither is opened when
 * the application declares its own {@link ContextBusStorage}.
 */
final class StorageConfigurations {
    private StorageConfigurations() {
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "contextbus.store", name = "type", havingValue = "sqlite", matchIfMissing = true)
    static class Sqlite {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(ContextBusStorage.class)
        SqliteEventStore contextBusSqliteStore(CheckedProperties properties) {
            try {
                Files.createDirectories(properties.sqliteDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException("contextbus.store.sqlite.directory '" + properties.sqliteDirectory()
                        + "' cannot be created: " + e.getMessage(), e);
            }
            return SqliteEventStore.open(SqliteStoreOptions.DEFAULT.withDirectory(properties.sqliteDirectory()),
                    properties.context());
        }

        @Bean
        @ConditionalOnMissingBean(ContextBusStorage.class)
        ContextBusStorage<Connection> contextBusStorage(SqliteEventStore store) {
            return ContextBusStorage.of(store, store.checkpoints(), store.inbox());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "contextbus.store", name = "type", havingValue = "cosmos")
    @ConditionalOnClass(name = "io.contextbus.store.cosmos.CosmosStores")
    static class Cosmos {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(ContextBusStorage.class)
        CosmosStores contextBusCosmosStores(CheckedProperties checked, ContextBusProperties properties,
                                            ObjectProvider<TokenCredential> credential) {
            ContextBusProperties.Cosmos cosmos = properties.store().cosmos();
            boolean keyed = cosmos.key() != null && !cosmos.key().isBlank();
            CosmosStoreOptions.Builder options = CosmosStoreOptions.builder().endpoint(cosmos.endpoint())
                    .database(cosmos.database()).containerPrefix("events-")
                    // On Azure, data-plane RBAC cannot create containers: the Bicep does (docs/deploy-azure.md).
                    .createIfMissing(cosmos.createIfMissing() != null ? cosmos.createIfMissing() : keyed);
            if (keyed) {
                options.key(cosmos.key());
            } else {
                options.credential(credential.getObject());
            }
            return CosmosStores.connect(options.build());
        }

        @Bean
        @ConditionalOnMissingBean(ContextBusStorage.class)
        CosmosEventStore contextBusCosmosStore(CosmosStores stores, CheckedProperties properties) {
            return stores.eventStore(properties.context());
        }

        @Bean
        @ConditionalOnMissingBean(ContextBusStorage.class)
        ContextBusStorage<CosmosInboxTransaction> contextBusStorage(CosmosStores stores, CosmosEventStore store) {
            return ContextBusStorage.of(store, stores.checkpoints(store.context()), stores.inbox(store.context()));
        }
    }
}
