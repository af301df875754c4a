package io.contextbus.samples.shipping.service;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmed;
import io.contextbus.samples.common.contracts.ShippingContract;
import io.contextbus.samples.runtime.Aggregates;
import io.contextbus.samples.runtime.JsonStateCodec;
import io.contextbus.samples.runtime.ContextService;
import io.contextbus.samples.runtime.CosmosStorage;
import io.contextbus.samples.runtime.JsonHttpServer;
import io.contextbus.samples.runtime.ServiceMain;
import io.contextbus.samples.runtime.ServiceSettings;
import io.contextbus.samples.runtime.SqliteStorage;
import io.contextbus.samples.runtime.WorkQueue;
import io.contextbus.samples.shipping.domain.Shipment;
import io.contextbus.samples.shipping.domain.ShipmentCommand;
import io.contextbus.samples.shipping.domain.ShipmentDecider;
import io.contextbus.samples.shipping.domain.ShipmentEvent;
import io.contextbus.samples.shipping.domain.ShipmentLine;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.io.IOException;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shipping context as a process: it consumes {@code ordering.events}, and for each confirmed
 * order writes a row of the shipments view (in the inbox transaction) and creates the order's
 * shipment stream, published to {@code shipping.events}. With {@code --carrier-url} (SQLite only) it
 * also keeps an external carrier told of each shipment's status through a debounced propagation
 * ({@link CarrierFeed}). Started by {@link #main}; stops on SIGTERM.
 */
public final class ShippingService {
    /** The one ordering event shipping reads, as ordering publishes it. */
    static final EventCodec ORDERING_EVENTS = new EventCodec(EventTypeRegistry.builder()
            .register(OrderConfirmed.class)
            .build());


    /** The argument naming the carrier's base URL; without it shipping tells no carrier. */
    static final String CARRIER_URL = "--carrier-url=";

    private <T> ShippingService(ContextService<T> service, ShipmentsView<T> view, Optional<HandlerDecorator<T>> carrier) {
        Aggregates<ShipmentCommand, Shipment, ShipmentEvent> shipments =
                new Aggregates<>(service.store(), service.storage().snapshots(), JsonStateCodec.of(Shipment.class, 1),
                        new ShipmentDecider(), ShippingEvents.CODEC, ShipmentEvent.class);
        service.onClose(shipments);
        WorkQueue<T> queue = service.storage().workQueue(2, q -> shipments.execute(q.stream(),
                List.of(ContractJson.read(q.json(), ShipmentCommand.CreateShipment.class)), q.commitId(),
                Map.of("correlationId", q.stream())));
        Handlers.Builder<T> handlers = handlers(queue, view).decorate(service.appliedLog());
        carrier.ifPresent(handlers::decorate);
        service.consume(OrderingContract.CONTEXT, handlers.build())
                .stat("commandQueue", () -> Map.of("executed", queue.executed(), "dropped", queue.dropped()))
                .onClose(queue);
        service.http().route("GET", "/shipments", r -> JsonHttpServer.Response.ok(view.rows()));
        service.http().route("GET", "/state", r -> JsonHttpServer.Response.ok(Map.of("shipments", view.rows())));
        queue.start();
    }

    /** Shipping on the storage {@code settings} name, not started yet. */
    public static ContextService<?> create(ServiceSettings settings) throws IOException {
        return create(settings, Optional.empty());
    }

    /**
     * Shipping that also pushes shipment statuses to the carrier at {@code carrierUrl} when present
     * (on SQLite; on Cosmos DB the carrier is not told: its dirty marks exist for SQLite only).
     */
    public static ContextService<?> create(ServiceSettings settings, Optional<String> carrierUrl) throws IOException {
        if (settings.onCosmos()) {
            ContextService<CosmosInboxTransaction> service = ContextService.onCosmos(settings);
            new ShippingService(service, new CosmosShipmentsView(((CosmosStorage) service.storage()).container()),
                    Optional.empty());
            return service;
        }
        ContextService<Connection> service = ContextService.onSqlite(settings);
        SqliteEventStore store = ((SqliteStorage) service.storage()).store();
        new ShippingService(service, new SqliteShipmentsView(store),
                carrierUrl.map(url -> CarrierFeed.attach(service, store, url)));
        return service;
    }

    private static <T> Handlers.Builder<T> handlers(WorkQueue<T> queue, ShipmentsView<T> view) {
        return Handlers.<T>builder(ORDERING_EVENTS)
                .on(OrderConfirmed.class, (OrderConfirmed e, EventContext<T> ctx) -> {
                    List<ShipmentLine> lines = e.lines().stream().map(l -> new ShipmentLine(l.sku(), l.quantity())).toList();
                    view.add(ctx.transaction(), e.orderId(), lines, ctx.streamId().value(), ctx.commitSequence());
                    queue.enqueue(ctx, ShippingContract.streamOf(e.orderId()), "CreateShipment",
                            ContractJson.write(new ShipmentCommand.CreateShipment(e.orderId(), lines)));
                    return HandlerResult.HANDLED;
                })
                .ignore(OrderingContract.ORDER_PLACED, OrderingContract.ORDER_LINE_ADDED,
                        OrderingContract.ORDER_CONFIRMATION_REQUESTED, OrderingContract.ORDER_CANCELLED);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Optional<String> carrierUrl = Arrays.stream(args).filter(a -> a.startsWith(CARRIER_URL))
                .map(a -> a.substring(CARRIER_URL.length())).findFirst();
        ServiceMain.run(ShippingContract.CONTEXT, args, settings -> create(settings, carrierUrl));
    }
}
