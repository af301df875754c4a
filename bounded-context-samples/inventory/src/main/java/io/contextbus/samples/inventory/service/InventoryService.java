package io.contextbus.samples.inventory.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.inventory.domain.Product;
import io.contextbus.samples.inventory.domain.ProductCommand;
import io.contextbus.samples.inventory.domain.ProductDecider;
import io.contextbus.samples.inventory.domain.ProductEvent;
import io.contextbus.samples.runtime.Aggregates;
import io.contextbus.samples.runtime.CommandQueue;
import io.contextbus.samples.runtime.ContextService;
import io.contextbus.samples.runtime.HttpApi;
import io.contextbus.samples.runtime.OwnEventsProjection;
import io.contextbus.samples.runtime.ServiceSettings;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The inventory context as a process: products are registered over HTTP; inventory consumes
 * {@code ordering.events} (reserving on confirmation requests, releasing on cancellations) and
 * publishes its commits to {@code inventory.events}. Started by {@link #main}; stops on SIGTERM.
 */
public final class InventoryService {
    record ProductRequest(String sku, int quantity) {
    }

    private final ContextService service;
    private final Aggregates<ProductCommand, Product, ProductEvent> products;

    InventoryService(ContextService service) {
        this.service = service;
        this.products = new Aggregates<>(service.store(), new ProductDecider(), InventoryEvents.EVENTS);
        CommandQueue queue = new CommandQueue(service.store(), 4, q -> products.execute(q.stream(),
                List.of(decodeCommand(q.kind(), q.json())), q.commitId(), Map.of()));
        service.store().write(c -> {
            StockProjection.createTable(c);
            return null;
        });
        OwnEventsProjection projection = new OwnEventsProjection(service.store(), "stock", new StockProjection());
        service.consume(OrderingContract.CONTEXT, OrderingHandlers.of(queue))
                .stat("commandQueue", () -> Map.of("executed", queue.executed(), "dropped", queue.dropped()))
                .stat("projected", projection::projected)
                .onClose(queue)
                .onClose(projection);
        routes(service.http());
        queue.start();
        projection.start();
    }

    private static ProductCommand decodeCommand(String kind, String json) {
        return switch (kind) {
            case "ReserveStock" -> ContractJson.read(json, ProductCommand.ReserveStock.class);
            case "ReleaseStock" -> ContractJson.read(json, ProductCommand.ReleaseStock.class);
            default -> throw new IllegalArgumentException("'kind' is not a product command inventory queues: " + kind);
        };
    }

    private void routes(HttpApi http) {
        http.route("POST", "/products", r -> {
            ProductRequest p = ContractJson.mapper().treeToValue(r.body(), ProductRequest.class);
            if (p == null) {
                throw new IllegalArgumentException("'sku' cannot be null.");
            }
            ProductCommand command = r.path().endsWith("/restock")
                    ? new ProductCommand.Restock(p.sku(), p.quantity())
                    : new ProductCommand.RegisterProduct(p.sku(), p.quantity());
            return new HttpApi.Response(201, Map.of("events", products.execute(InventoryContract.streamOf(p.sku()),
                    List.of(command), UUID.randomUUID(), Map.of()).size()));
        });
        http.route("GET", "/products/", r -> HttpApi.Response.ok(products.load(InventoryContract.streamOf(
                HttpApi.segments(r.path(), "/products/").get(0)))));
        http.route("GET", "/state", r -> HttpApi.Response.ok(Map.of("stock", service.store().read(StockProjection::stock))));
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ContextService service = new ContextService(ServiceSettings.parse(InventoryContract.CONTEXT, args));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "inventory-shutdown"));
        new InventoryService(service);
        service.start();
        service.awaitStop();
    }
}
