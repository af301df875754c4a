package io.contextbus.samples.ordering.service;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.samples.common.contracts.InventoryContract;
import io.contextbus.samples.common.contracts.InventoryContract.StockReservationRejected;
import io.contextbus.samples.common.contracts.InventoryContract.StockReserved;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineRejected;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineReserved;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;

/**
 * What ordering does with inventory's events: reservation results go to the fulfilment process;
 * the rest is ignored on purpose. The codec reads the published-language records ordering takes
 * (unknown fields ignored); data that does not fit a record parks its stream, the field named in the reason.
 */
final class InventoryHandlers {
    /** The inventory events ordering reads, as inventory publishes them. */
    static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder()
            .register(StockReserved.class)
            .register(StockReservationRejected.class)
            .build());

    private InventoryHandlers() {
    }

    /** The handlers, to be decorated and built by the service. */
    static <T> Handlers.Builder<T> of(FulfilmentInput<T> feed) {
        return Handlers.<T>builder(CODEC)
                .on(StockReserved.class, (StockReserved e, EventContext<T> ctx) -> {
                    feed.accept(new LineReserved(e.orderId(), e.lineNo()), ctx);
                    return HandlerResult.HANDLED;
                })
                .on(StockReservationRejected.class, (StockReservationRejected e, EventContext<T> ctx) -> {
                    feed.accept(new LineRejected(e.orderId(), e.lineNo(), e.sku(), e.quantity(), e.available()), ctx);
                    return HandlerResult.HANDLED;
                })
                .ignore(InventoryContract.PRODUCT_REGISTERED, InventoryContract.STOCK_RESTOCKED, InventoryContract.STOCK_RELEASED);
    }
}
