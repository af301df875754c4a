package io.contextbus.samples.ordering.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.FulfilmentEvent;
import io.contextbus.samples.ordering.domain.Order;
import io.contextbus.samples.ordering.domain.OrderCommand;
import io.contextbus.samples.ordering.domain.OrderEvent;
import io.contextbus.samples.ordering.domain.OrderStatus;
import io.contextbus.samples.runtime.Aggregates;
import io.contextbus.samples.runtime.CommandQueue;
import io.contextbus.samples.runtime.CosmosStorage;
import io.contextbus.samples.runtime.OwnEventsFollower;
import io.contextbus.samples.runtime.OwnEventsProjection;
import io.contextbus.samples.runtime.ReadModel;
import io.contextbus.samples.runtime.WorkQueue;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What differs in ordering between its two storages: the work queue, where inventory's results go,
 * and the order status view (which also feeds the fulfilment process its half of the input).
 *
 * @param <T> the inbox transaction type
 */
record OrderingParts<T>(WorkQueue<T> queue, FulfilmentInput<T> input, ReadModel<Map<String, String>> statuses) {

    /** SQLite: everything in the inbox's or the projection's transaction, as before. */
    static OrderingParts<Connection> onSqlite(SqliteEventStore store, Aggregates<OrderCommand, Order, OrderEvent> orders) {
        CommandQueue queue = new CommandQueue(store, 4, q -> run(orders, q));
        FulfilmentFeed feed = new FulfilmentFeed(queue);
        store.write(c -> {
            FulfilmentRows.createTable(c);
            OrderProjection.createTable(c);
            return null;
        });
        OwnEventsProjection projection = new OwnEventsProjection(store, "orders", new OrderProjection(feed));
        return new OrderingParts<>(queue, (event, source) -> feed.feed(event, source.transaction()),
                ReadModel.of(projection, () -> store.read(OrderProjection::statuses)));
    }

    /**
     * Cosmos DB: inventory's results are queued as {@code Feed*} work items in the inbox's batch, and
     * the work queue feeds them to the process's document in the order's partition; the status view
     * is kept in memory from ordering's own events, which also feed the process (again after a
     * restart: feeding is idempotent).
     */
    static OrderingParts<CosmosInboxTransaction> onCosmos(CosmosStorage storage,
                                                         Aggregates<OrderCommand, Order, OrderEvent> orders) {
        CosmosFulfilment fulfilment = new CosmosFulfilment(storage.container());
        WorkQueue<CosmosInboxTransaction> queue = storage.workQueue(4, q -> {
            if (q.kind().startsWith("Feed")) {
                fulfilment.feed(decodeFeed(q.kind(), q.json()));
            } else {
                run(orders, q);
            }
        });
        Map<String, String> statuses = new ConcurrentSkipListMap<>();
        OwnEventsFollower follower = new OwnEventsFollower(storage.events(), "orders",
                commit -> OrderProjection.interpret(commit, new OrderProjection.Sink() {
                    @Override
                    public void status(String orderId, OrderStatus status) {
                        statuses.put(orderId, status.name());
                    }

                    @Override
                    public void feed(FulfilmentEvent event) {
                        fulfilment.feed(event);
                    }
                }));
        return new OrderingParts<>(queue, (event, source) -> queue.enqueue(source, OrderingContract.streamOf(event.orderId()),
                "Feed" + event.getClass().getSimpleName(), ContractJson.write(event)),
                ReadModel.of(follower, () -> new TreeMap<>(statuses)));
    }

    private static void run(Aggregates<OrderCommand, Order, OrderEvent> orders, CommandQueue.Queued q) {
        orders.execute(q.stream(), List.of(decodeCommand(q.kind(), q.json())), q.commitId(),
                Map.of("correlationId", q.stream()));
    }

    private static OrderCommand decodeCommand(String kind, String json) {
        return switch (kind) {
            case "ConfirmOrder" -> ContractJson.read(json, OrderCommand.ConfirmOrder.class);
            case "CancelOrder" -> ContractJson.read(json, OrderCommand.CancelOrder.class);
            default -> throw new IllegalArgumentException("'kind' is not an order command ordering queues: " + kind);
        };
    }

    private static FulfilmentEvent decodeFeed(String kind, String json) {
        return switch (kind) {
            case "FeedLineReserved" -> ContractJson.read(json, FulfilmentEvent.LineReserved.class);
            case "FeedLineRejected" -> ContractJson.read(json, FulfilmentEvent.LineRejected.class);
            default -> throw new IllegalArgumentException("'kind' is not a fulfilment input ordering queues: " + kind);
        };
    }
}
