package io.contextbus.samples.inventory.service;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.LineItem;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.common.contracts.OrderingContract.OrderCancelled;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmationRequested;
import io.contextbus.samples.inventory.domain.ProductCommand;
import io.contextbus.samples.inventory.domain.ReservationKey;
import io.contextbus.samples.runtime.WorkQueue;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;

/**
 * What inventory does with ordering's events: a confirmation request queues one reservation per
 * line, a cancellation queues one release per line (compensation); both are queued in the inbox
 * transaction and run in queue order per product, so a release never overtakes its reservation.
 * The codec reads the published-language records inventory takes (unknown fields ignored); data
 * that does not fit a record parks its stream, the field named in the reason.
 */
final class OrderingHandlers {
    /** The ordering events inventory reads, as ordering publishes them. */
    static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder()
            .register(OrderConfirmationRequested.class)
            .register(OrderCancelled.class)
            .build());

    private OrderingHandlers() {
    }

    /** The handlers, to be decorated and built by the service. */
    static <T> Handlers.Builder<T> of(WorkQueue<T> queue) {
        return Handlers.<T>builder(CODEC)
                .on(OrderConfirmationRequested.class, (OrderConfirmationRequested e, EventContext<T> ctx) -> {
                    for (LineItem line : e.lines()) {
                        queue(queue, ctx, new ProductCommand.ReserveStock(line.sku(),
                                new ReservationKey(e.orderId(), line.lineNo()), line.quantity()));
                    }
                    return HandlerResult.HANDLED;
                })
                .on(OrderCancelled.class, (OrderCancelled e, EventContext<T> ctx) -> {
                    for (LineItem line : e.lines()) {
                        queue(queue, ctx, new ProductCommand.ReleaseStock(line.sku(),
                                new ReservationKey(e.orderId(), line.lineNo())));
                    }
                    return HandlerResult.HANDLED;
                })
                .ignore(OrderingContract.ORDER_PLACED, OrderingContract.ORDER_LINE_ADDED, OrderingContract.ORDER_CONFIRMED);
    }

    private static <T> void queue(WorkQueue<T> queue, EventContext<T> source, ProductCommand command) throws Exception {
        queue.enqueue(source, InventoryContract.streamOf(command.sku()), command.getClass().getSimpleName(),
                ContractJson.write(command));
    }
}
