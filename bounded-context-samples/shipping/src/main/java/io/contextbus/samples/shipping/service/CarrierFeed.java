package io.contextbus.samples.shipping.service;

import io.contextbus.handler.HandlerDecorator;
import io.contextbus.propagation.DebouncedPropagation;
import io.contextbus.propagation.DirtyMarks;
import io.contextbus.propagation.PropagationOptions;
import io.contextbus.propagation.PropagationStats;
import io.contextbus.samples.runtime.ContextService;
import io.contextbus.samples.runtime.JsonHttpServer;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;

/**
 * Keeps the carrier told of each shipment's status: the decorator writes the status and the
 * shipment's dirty mark in the inbox transaction; a {@link DebouncedPropagation} pushes the latest
 * status once the order's burst of commits went quiet for {@link #QUIET} (at the latest after
 * {@link #MAX_WAIT}), so the carrier gets far fewer calls than there are events. Shipments still
 * dirty when shipping stopped (or crashed) are pushed when it starts again.
 */
final class CarrierFeed {
    static final Duration QUIET = Duration.ofSeconds(5);
    static final Duration MAX_WAIT = Duration.ofSeconds(10);

    private CarrierFeed() {
    }

    /** Starts pushing to {@code carrierUrl}; returns the decorator shipping's handlers must run. */
    static HandlerDecorator<Connection> attach(ContextService<Connection> service, SqliteEventStore store, String carrierUrl) {
        CarrierStatusTable table = new CarrierStatusTable(store);
        DirtyMarks<Connection> marks = store.dirtyMarks("carrier");
        DebouncedPropagation<CarrierStatus> propagation = DebouncedPropagation.builder("carrier", marks, table::read,
                        new CarrierSink(carrierUrl))
                .options(PropagationOptions.DEFAULT.withQuietPeriod(QUIET).withMaxWait(MAX_WAIT))
                .build();
        service.onClose(propagation)
                .stat("carrier", () -> stats(propagation.stats()));
        service.http().route("GET", "/carrier-status", r -> JsonHttpServer.Response.ok(table.rows()));
        propagation.start();
        return new CarrierStatusDecorator(marks);
    }

    private static Map<String, Object> stats(PropagationStats s) {
        return Map.of("changes", s.changes(), "pushes", s.pushes(), "failures", s.failures(), "pending", s.pending());
    }
}
