package io.contextbus.samples.inventory.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.LineItem;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.common.contracts.OrderingContract.OrderCancelled;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmationRequested;
import io.contextbus.samples.inventory.domain.ProductCommand;
import io.contextbus.samples.inventory.domain.ReservationKey;
import io.contextbus.samples.runtime.CommandQueue;
import io.contextbus.samples.runtime.ContractHandler;
import io.contextbus.servicebus.HandlerResult;
import io.contextbus.servicebus.Handlers;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What inventory does with ordering's events: a confirmation request queues one reservation per
 * line, a cancellation queues one release per line (compensation); both are queued in the inbox
 * transaction and run in queue order per product, so a release never overtakes its reservation.
 */
final class OrderingHandlers {
    private OrderingHandlers() {
    }

    static Handlers<Connection> of(CommandQueue queue) {
        return Handlers.<Connection>builder()
                .on(OrderingContract.ORDER_CONFIRMATION_REQUESTED, ContractHandler.of(OrderConfirmationRequested.class,
                        (e, ctx) -> {
                            for (LineItem line : e.lines()) {
                                queue(queue, ctx.transaction(), new ProductCommand.ReserveStock(line.sku(),
                                        new ReservationKey(e.orderId(), line.lineNo()), line.quantity()));
                            }
                            return HandlerResult.HANDLED;
                        }))
                .on(OrderingContract.ORDER_CANCELLED, ContractHandler.of(OrderCancelled.class, (e, ctx) -> {
                    for (LineItem line : e.lines()) {
                        queue(queue, ctx.transaction(), new ProductCommand.ReleaseStock(line.sku(),
                                new ReservationKey(e.orderId(), line.lineNo())));
                    }
                    return HandlerResult.HANDLED;
                }))
                .ignore(OrderingContract.ORDER_PLACED, OrderingContract.ORDER_LINE_ADDED, OrderingContract.ORDER_CONFIRMED)
                .build();
    }

    private static void queue(CommandQueue queue, Connection tx, ProductCommand command) throws SQLException {
        queue.enqueue(tx, InventoryContract.streamOf(command.sku()), command.getClass().getSimpleName(),
                ContractJson.write(command));
    }
}
