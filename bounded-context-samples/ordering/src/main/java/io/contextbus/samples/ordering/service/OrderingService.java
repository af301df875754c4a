package io.contextbus.samples.ordering.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.ordering.domain.Order;
import io.contextbus.samples.ordering.domain.OrderCommand;
import io.contextbus.samples.ordering.domain.OrderDecider;
import io.contextbus.samples.ordering.domain.OrderEvent;
import io.contextbus.samples.runtime.Aggregates;
import io.contextbus.samples.runtime.CommandQueue;
import io.contextbus.samples.runtime.ContextService;
import io.contextbus.samples.runtime.HttpApi;
import io.contextbus.samples.runtime.OwnEventsProjection;
import io.contextbus.samples.runtime.ServiceSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    private final ContextService service;
    private final Aggregates<OrderCommand, Order, OrderEvent> orders;

    OrderingService(ContextService service) {
        this.service = service;
        this.orders = new Aggregates<>(service.store(), new OrderDecider(), OrderingEvents.EVENTS);
        CommandQueue queue = new CommandQueue(service.store(), 4, q -> orders.execute(q.stream(),
                List.of(decodeCommand(q.kind(), q.json())), q.commitId(), Map.of("correlationId", q.stream())));
        FulfilmentFeed feed = new FulfilmentFeed(queue);
        service.store().write(c -> {
            FulfilmentRows.createTable(c);
            OrderProjection.createTable(c);
            return null;
        });
        OwnEventsProjection projection = new OwnEventsProjection(service.store(), "orders", new OrderProjection(feed));
        service.consume(InventoryContract.CONTEXT, InventoryHandlers.of(feed))
                .stat("commandQueue", () -> Map.of("executed", queue.executed(), "dropped", queue.dropped()))
                .stat("projected", projection::projected)
                .onClose(queue)
                .onClose(projection);
        routes(service.http());
        queue.start();
        projection.start();
    }

    private static OrderCommand decodeCommand(String kind, String json) {
        return switch (kind) {
            case "ConfirmOrder" -> ContractJson.read(json, OrderCommand.ConfirmOrder.class);
            case "CancelOrder" -> ContractJson.read(json, OrderCommand.CancelOrder.class);
            default -> throw new IllegalArgumentException("'kind' is not an order command ordering queues: " + kind);
        };
    }

    private void routes(HttpApi http) {
        http.route("POST", "/orders", r -> {
            List<String> path = HttpApi.segments(r.path(), "/orders");
            if (path.size() == 3 && path.get(2).equals("cancel")) {
                CancelRequest c = ContractJson.mapper().treeToValue(r.body(), CancelRequest.class);
                return HttpApi.Response.ok(Map.of("events", execute(path.get(1), new OrderCommand.CancelOrder(path.get(1),
                        c == null ? null : c.reason()))));
            }
            return new HttpApi.Response(201, Map.of("events", place(ContractJson.mapper().treeToValue(r.body(),
                    PlaceOrderRequest.class))));
        });
        http.route("GET", "/orders/", r -> HttpApi.Response.ok(orders.load(OrderingContract.streamOf(
                HttpApi.segments(r.path(), "/orders/").get(0)))));
        http.route("GET", "/state", r -> HttpApi.Response.ok(Map.of("orders", service.store().read(OrderProjection::statuses))));
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
        ContextService service = new ContextService(ServiceSettings.parse(OrderingContract.CONTEXT, args));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "ordering-shutdown"));
        new OrderingService(service);
        service.start();
        service.awaitStop();
    }
}
