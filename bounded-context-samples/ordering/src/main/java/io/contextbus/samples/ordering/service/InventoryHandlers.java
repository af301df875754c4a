package io.contextbus.samples.ordering.service;

import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.InventoryContract.StockReservationRejected;
import io.contextbus.samples.common.contracts.InventoryContract.StockReserved;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineRejected;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineReserved;
import io.contextbus.samples.runtime.ContractHandler;
import io.contextbus.servicebus.HandlerResult;
import io.contextbus.servicebus.Handlers;
import java.sql.Connection;

/**
 * What ordering does with inventory's events: reservation results go to the fulfilment process;
 * the rest is ignored on purpose.
 */
final class InventoryHandlers {
    private InventoryHandlers() {
    }

    static Handlers<Connection> of(FulfilmentFeed feed) {
        return Handlers.<Connection>builder()
                .on(InventoryContract.STOCK_RESERVED, ContractHandler.of(StockReserved.class, (e, ctx) -> {
                    feed.feed(new LineReserved(e.orderId(), e.lineNo()), ctx.transaction());
                    return HandlerResult.HANDLED;
                }))
                .on(InventoryContract.STOCK_RESERVATION_REJECTED, ContractHandler.of(StockReservationRejected.class, (e, ctx) -> {
                    feed.feed(new LineRejected(e.orderId(), e.lineNo(), e.sku(), e.quantity(), e.available()), ctx.transaction());
                    return HandlerResult.HANDLED;
                }))
                .ignore(InventoryContract.PRODUCT_REGISTERED, InventoryContract.STOCK_RESTOCKED, InventoryContract.STOCK_RELEASED)
                .build();
    }
}
