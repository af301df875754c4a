package io.contextbus.samples.billing.service;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosClientBuilder;
import com.azure.cosmos.CosmosContainer;
import io.contextbus.handler.HandlerResult;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmed;
import io.contextbus.spring.boot.ContextBusHandler;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.cosmos.CosmosStores;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What billing does with ordering's events: a confirmed order gets its invoice, written in the
 * inbox transaction. Every other ordering event is skipped ({@code contextbus.unknown-events=skip},
 * the starter's default), though its commit still counts as applied. The read model and the applied
 * log follow {@code contextbus.store.type}: tables in the SQLite file, or documents in the Cosmos DB
 * container {@code events-billing} written in the inbox's transactional batch.
 */
final class OrderingHandlers {
    private OrderingHandlers() {
    }

    static <T> ContextBusHandler<OrderConfirmed, T> invoiceConfirmedOrder(Invoices<T> invoices) {
        return ContextBusHandler.on(OrderingContract.CONTEXT, OrderConfirmed.class, (event, context) -> {
            invoices.add(context.transaction(), event);
            return HandlerResult.HANDLED;
        });
    }

    /** On SQLite (the default): the tables of the context's SQLite file. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "contextbus.store", name = "type", havingValue = "sqlite", matchIfMissing = true)
    static class OnSqlite {
        @Bean
        SqliteInvoices invoices(SqliteEventStore store) {
            return new SqliteInvoices(store);
        }

        @Bean
        SqliteAppliedLog appliedLog(SqliteEventStore store) {
            return new SqliteAppliedLog(store);
        }

        @Bean
        ContextBusHandler<OrderConfirmed, Connection> invoiceConfirmedOrder(SqliteInvoices invoices) {
            return OrderingHandlers.invoiceConfirmedOrder(invoices);
        }
    }

    /**
     * On Cosmos DB: billing's documents in the container of the starter's store, reached through a
     * client on the same account and credentials as the store's ({@link CosmosStores#options()}),
     * because the store's own client is not part of its API.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "contextbus.store", name = "type", havingValue = "cosmos")
    static class OnCosmos {
        @Bean(destroyMethod = "close")
        CosmosClient billingCosmosClient(CosmosStores stores) {
            CosmosStoreOptions options = stores.options();
            CosmosClientBuilder client = new CosmosClientBuilder().endpoint(options.endpoint()).gatewayMode()
                    .contentResponseOnWriteEnabled(false);
            return (options.key() != null ? client.key(options.key()) : client.credential(options.credential())).buildClient();
        }

        /** The store's container; the store bean opens (and, where allowed, creates) it first. */
        @Bean
        CosmosContainer billingContainer(CosmosClient client, CosmosStores stores, CosmosEventStore store) {
            CosmosStoreOptions options = stores.options();
            return client.getDatabase(options.database()).getContainer(options.containerName(store.context().value()));
        }

        @Bean
        CosmosInvoices invoices(CosmosContainer billingContainer) {
            return new CosmosInvoices(billingContainer);
        }

        @Bean
        CosmosAppliedLog appliedLog(CosmosContainer billingContainer) {
            return new CosmosAppliedLog(billingContainer);
        }

        @Bean
        ContextBusHandler<OrderConfirmed, CosmosInboxTransaction> invoiceConfirmedOrder(CosmosInvoices invoices) {
            return OrderingHandlers.invoiceConfirmedOrder(invoices);
        }
    }
}
