package io.contextbus.samples.ordering.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.Order;
import io.contextbus.samples.ordering.domain.OrderCommand;
import io.contextbus.samples.ordering.domain.OrderDecider;
import io.contextbus.samples.ordering.domain.OrderEvent;
import io.contextbus.samples.runtime.Aggregates;
import io.contextbus.samples.runtime.JsonStateCodec;
import io.contextbus.samples.runtime.ContextService;
import io.contextbus.samples.runtime.CosmosStorage;
import io.contextbus.samples.runtime.JsonHttpServer;
import io.contextbus.samples.runtime.ReadModel;
import io.contextbus.samples.runtime.ServiceMain;
import io.contextbus.samples.runtime.ServiceSettings;
import io.contextbus.samples.runtime.SqliteStorage;
import io.contextbus.samples.runtime.WorkQueue;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.io.IOException;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * The ordering context as a process: orders are placed over HTTP; ordering publishes its commits to
 * {@code ordering.events} and consumes {@code inventory.events}; the fulfilment process confirms or
 * cancels each submitted order. Started by {@link #main}; stops on SIGTERM / Ctrl-C.
 */
public final class OrderingService {
    /** What a client sends to place an order: it is placed, given its lines and submitted in one commit. */
    record PlaceOrderRequest(String orderId, String customerId, List<LineRequest> lines) {
    }

    record LineRequest(String sku, int quantity) {
    }

    record CancelRequest(String reason) {
    }

    private final Aggregates<OrderCommand, Order, OrderEvent> orders;
    private final ReadModel<Map<String, String>> statuses;

    private <T> OrderingService(ContextService<T> service,
                                Function<Aggregates<OrderCommand, Order, OrderEvent>, OrderingParts<T>> storageParts) {
        this.orders = new Aggregates<>(service.store(), service.storage().snapshots(), JsonStateCodec.of(Order.class, 1),
                new OrderDecider(), OrderingEvents.CODEC, OrderEvent.class);
        service.onClose(orders);
        OrderingParts<T> parts = storageParts.apply(orders);
        this.statuses = parts.statuses();
        WorkQueue<T> queue = parts.queue();
        service.consume(InventoryContract.CONTEXT, InventoryHandlers.<T>of(parts.input()).decorate(service.appliedLog()).build())
                .stat("commandQueue", () -> Map.of("executed", queue.executed(), "dropped", queue.dropped()))
                .stat("projected", statuses::projected)
                .onClose(queue)
                .onClose(statuses);
        routes(service.http());
        queue.start();
        statuses.start();
    }

    /** Ordering on the storage {@code settings} name, not started yet. */
    public static ContextService<?> create(ServiceSettings settings) throws IOException {
        if (settings.onCosmos()) {
            ContextService<CosmosInboxTransaction> service = ContextService.onCosmos(settings);
            new OrderingService(service, orders -> OrderingParts.onCosmos((CosmosStorage) service.storage(), orders));
            return service;
        }
        ContextService<Connection> service = ContextService.onSqlite(settings);
        new OrderingService(service, orders -> OrderingParts.onSqlite(((SqliteStorage) service.storage()).store(), orders));
        return service;
    }

    private void routes(JsonHttpServer http) {
        http.route("POST", "/orders", r -> {
            List<String> path = JsonHttpServer.segments(r.path(), "/orders");
            if (path.size() == 3 && path.get(2).equals("cancel")) {
                CancelRequest c = ContractJson.mapper().treeToValue(r.body(), CancelRequest.class);
                return JsonHttpServer.Response.ok(Map.of("events", execute(path.get(1), new OrderCommand.CancelOrder(path.get(1),
                        c == null ? null : c.reason()))));
            }
            return new JsonHttpServer.Response(201, Map.of("events", place(ContractJson.mapper().treeToValue(r.body(),
                    PlaceOrderRequest.class))));
        });
        http.route("GET", "/orders/", r -> JsonHttpServer.Response.ok(orders.load(OrderingContract.streamOf(
                JsonHttpServer.segments(r.path(), "/orders/").get(0)))));
        http.route("GET", "/state", r -> JsonHttpServer.Response.ok(Map.of("orders", statuses.read())));
    }

    private int place(PlaceOrderRequest request) {
        if (request == null || request.lines() == null) {
            throw new IllegalArgumentException("'lines' cannot be null.");
        }
        List<OrderCommand> commands = new ArrayList<>();
        commands.add(new OrderCommand.PlaceOrder(request.orderId(), request.customerId()));
        request.lines().forEach(l -> commands.add(new OrderCommand.AddLine(request.orderId(), l.sku(), l.quantity())));
        commands.add(new OrderCommand.RequestConfirmation(request.orderId()));
        return orders.execute(OrderingContract.streamOf(request.orderId()), commands, UUID.randomUUID(),
                Map.of("correlationId", request.orderId())).size();
    }

    private int execute(String orderId, OrderCommand command) {
        return orders.execute(OrderingContract.streamOf(orderId), List.of(command), UUID.randomUUID(),
                Map.of("correlationId", orderId)).size();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ServiceMain.run(OrderingContract.CONTEXT, args, OrderingService::create);
    }
}
