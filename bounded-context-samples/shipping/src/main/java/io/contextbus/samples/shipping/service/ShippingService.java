package io.contextbus.samples.shipping.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmed;
import io.contextbus.samples.common.contracts.ShippingContract;
import io.contextbus.samples.runtime.Aggregates;
import io.contextbus.samples.runtime.CommandQueue;
import io.contextbus.samples.runtime.ContextService;
import io.contextbus.samples.runtime.ContractHandler;
import io.contextbus.samples.runtime.HttpApi;
import io.contextbus.samples.runtime.ServiceSettings;
import io.contextbus.samples.shipping.domain.Shipment;
import io.contextbus.samples.shipping.domain.ShipmentCommand;
import io.contextbus.samples.shipping.domain.ShipmentDecider;
import io.contextbus.samples.shipping.domain.ShipmentEvent;
import io.contextbus.samples.shipping.domain.ShipmentLine;
import io.contextbus.servicebus.HandlerResult;
import io.contextbus.servicebus.Handlers;
import java.io.IOException;
import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * The shipping context as a process: it consumes {@code ordering.events}, and for each confirmed
 * order writes a row of the shipments view (in the inbox transaction) and creates the order's
 * shipment stream, published to {@code shipping.events}. Started by {@link #main}; stops on SIGTERM.
 */
public final class ShippingService {

    ShippingService(ContextService service) {
        Aggregates<ShipmentCommand, Shipment, ShipmentEvent> shipments =
                new Aggregates<>(service.store(), new ShipmentDecider(), ShippingEvents.EVENTS);
        CommandQueue queue = new CommandQueue(service.store(), 2, q -> shipments.execute(q.stream(),
                List.of(ContractJson.read(q.json(), ShipmentCommand.CreateShipment.class)), q.commitId(),
                Map.of("correlationId", q.stream())));
        service.store().write(c -> {
            ShipmentsView.createTable(c);
            return null;
        });
        service.consume(OrderingContract.CONTEXT, handlers(queue))
                .stat("commandQueue", () -> Map.of("executed", queue.executed(), "dropped", queue.dropped()))
                .onClose(queue);
        service.http().route("GET", "/shipments", r -> HttpApi.Response.ok(
                service.store().read(ShipmentsView::rows)));
        service.http().route("GET", "/state", r -> HttpApi.Response.ok(
                Map.of("shipments", service.store().read(ShipmentsView::rows))));
        queue.start();
    }

    private static Handlers<Connection> handlers(CommandQueue queue) {
        return Handlers.<Connection>builder()
                .on(OrderingContract.ORDER_CONFIRMED, ContractHandler.of(OrderConfirmed.class, (e, ctx) -> {
                    List<ShipmentLine> lines = e.lines().stream().map(l -> new ShipmentLine(l.sku(), l.quantity())).toList();
                    ShipmentsView.add(ctx.transaction(), e.orderId(), lines, ctx.streamId().value(), ctx.commitSequence());
                    queue.enqueue(ctx.transaction(), ShippingContract.streamOf(e.orderId()), "CreateShipment",
                            ContractJson.write(new ShipmentCommand.CreateShipment(e.orderId(), lines)));
                    return HandlerResult.HANDLED;
                }))
                .ignore(OrderingContract.ORDER_PLACED, OrderingContract.ORDER_LINE_ADDED,
                        OrderingContract.ORDER_CONFIRMATION_REQUESTED, OrderingContract.ORDER_CANCELLED)
                .build();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        ContextService service = new ContextService(ServiceSettings.parse(ShippingContract.CONTEXT, args));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shipping-shutdown"));
        new ShippingService(service);
        service.start();
        service.awaitStop();
    }
}
