package io.contextbus.samples.inventory.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.inventory.domain.Product;
import io.contextbus.samples.inventory.domain.ProductCommand;
import io.contextbus.samples.inventory.domain.ProductDecider;
import io.contextbus.samples.inventory.domain.ProductEvent;
import io.contextbus.samples.runtime.Aggregates;
import io.contextbus.samples.runtime.ContextService;
import io.contextbus.samples.runtime.JsonHttpServer;
import io.contextbus.samples.runtime.OwnEventsFollower;
import io.contextbus.samples.runtime.OwnEventsProjection;
import io.contextbus.samples.runtime.ReadModel;
import io.contextbus.samples.runtime.ServiceMain;
import io.contextbus.samples.runtime.ServiceSettings;
import io.contextbus.samples.runtime.SqliteStorage;
import io.contextbus.samples.runtime.WorkQueue;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The inventory context as a process: products are registered over HTTP; inventory consumes
 * {@code ordering.events} (reserving on confirmation requests, releasing on cancellations) and
 * publishes its commits to {@code inventory.events}. Started by {@link #main}; stops on SIGTERM.
 */
public final class InventoryService {
    record ProductRequest(String sku, int quantity) {
    }

    private final Aggregates<ProductCommand, Product, ProductEvent> products;
    private final ReadModel<Map<String, Integer>> stock;

    <T> InventoryService(ContextService<T> service, ReadModel<Map<String, Integer>> stock) {
        this.products = new Aggregates<>(service.store(), service.storage().snapshots(), ProductState.CODEC,
                new ProductDecider(), InventoryEvents.CODEC, ProductEvent.class);
        service.onClose(products);
        this.stock = stock;
        WorkQueue<T> queue = service.storage().workQueue(4, q -> products.execute(q.stream(),
                List.of(decodeCommand(q.kind(), q.json())), q.commitId(), Map.of()));
        service.consume(OrderingContract.CONTEXT, OrderingHandlers.of(queue).decorate(service.appliedLog()).build())
                .stat("commandQueue", () -> Map.of("executed", queue.executed(), "dropped", queue.dropped()))
                .stat("projected", stock::projected)
                .onClose(queue)
                .onClose(stock);
        routes(service.http());
        queue.start();
        stock.start();
    }

    /** Inventory on the storage {@code settings} name, not started yet. */
    public static ContextService<?> create(ServiceSettings settings) throws IOException {
        if (settings.onCosmos()) {
            ContextService<CosmosInboxTransaction> service = ContextService.onCosmos(settings);
            Map<String, Integer> available = new ConcurrentSkipListMap<>();
            new InventoryService(service, ReadModel.of(new OwnEventsFollower(service.store(), "stock",
                    c -> available.putAll(StockProjection.availability(c))), () -> new TreeMap<>(available)));
            return service;
        }
        ContextService<Connection> service = ContextService.onSqlite(settings);
        SqliteEventStore store = ((SqliteStorage) service.storage()).store();
        store.write(c -> {
            StockProjection.createTable(c);
            return null;
        });
        new InventoryService(service, ReadModel.of(new OwnEventsProjection(store, "stock", new StockProjection()),
                () -> store.read(StockProjection::stock)));
        return service;
    }

    private static ProductCommand decodeCommand(String kind, String json) {
        return switch (kind) {
            case "ReserveStock" -> ContractJson.read(json, ProductCommand.ReserveStock.class);
            case "ReleaseStock" -> ContractJson.read(json, ProductCommand.ReleaseStock.class);
            default -> throw new IllegalArgumentException("'kind' is not a product command inventory queues: " + kind);
        };
    }

    private void routes(JsonHttpServer http) {
        http.route("POST", "/products", r -> {
            ProductRequest p = ContractJson.mapper().treeToValue(r.body(), ProductRequest.class);
            if (p == null) {
                throw new IllegalArgumentException("'sku' cannot be null.");
            }
            ProductCommand command = r.path().endsWith("/restock")
                    ? new ProductCommand.Restock(p.sku(), p.quantity())
                    : new ProductCommand.RegisterProduct(p.sku(), p.quantity());
            return new JsonHttpServer.Response(201, Map.of("events", products.execute(InventoryContract.streamOf(p.sku()),
                    List.of(command), UUID.randomUUID(), Map.of()).size()));
        });
        http.route("GET", "/products/", r -> JsonHttpServer.Response.ok(products.load(InventoryContract.streamOf(
                JsonHttpServer.segments(r.path(), "/products/").get(0)))));
        http.route("GET", "/state", r -> JsonHttpServer.Response.ok(Map.of("stock", stock.read())));
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ServiceMain.run(InventoryContract.CONTEXT, args, InventoryService::create);
    }
}
