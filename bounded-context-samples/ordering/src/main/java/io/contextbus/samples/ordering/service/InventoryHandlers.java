package io.contextbus.samples.ordering.service;

import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.InventoryContract.StockReservationRejected;
import io.contextbus.samples.common.contracts.InventoryContract.StockReserved;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineRejected;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineReserved;
import io.contextbus.samples.runtime.ContractHandler;

/**
 * What ordering does with inventory's events: reservation results go to the fulfilment process;
 * the rest is ignored on purpose.
 */
final class InventoryHandlers {
    private InventoryHandlers() {
    }

    static <T> Handlers<T> of(FulfilmentInput<T> feed) {
        return Handlers.<T>builder()
                .on(InventoryContract.STOCK_RESERVED, ContractHandler.<StockReserved, T>of(StockReserved.class, (e, ctx) -> {
                    feed.accept(new LineReserved(e.orderId(), e.lineNo()), ctx);
                    return HandlerResult.HANDLED;
                }))
                .on(InventoryContract.STOCK_RESERVATION_REJECTED, ContractHandler.<StockReservationRejected, T>of(
                        StockReservationRejected.class, (e, ctx) -> {
                            feed.accept(new LineRejected(e.orderId(), e.lineNo(), e.sku(), e.quantity(), e.available()), ctx);
                            return HandlerResult.HANDLED;
                        }))
                .ignore(InventoryContract.PRODUCT_REGISTERED, InventoryContract.STOCK_RESTOCKED, InventoryContract.STOCK_RELEASED)
                .build();
    }
}
