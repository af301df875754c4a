package io.contextbus.samples.shipping.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.samples.runtime.CosmosStorage;
import io.contextbus.samples.runtime.StandInStorage;
import io.contextbus.samples.shipping.domain.ShipmentDecider;
import io.contextbus.samples.shipping.domain.ShipmentLine;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Shipping's shipments view on Cosmos DB (the stand-in): one row per order, written in the inbox batch. */
@DisplayName("Shipments view on Cosmos DB")
class CosmosShipmentsViewIT {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final List<ShipmentLine> LINES = List.of(new ShipmentLine("sku-a", 2));
    private CosmosStorage storage;
    private CosmosShipmentsView view;

    @BeforeEach
    void open() {
        storage = StandInStorage.open("shipping", ContextName.of("shipping"));
        view = new CosmosShipmentsView(storage.container());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void a_row_exists_exactly_when_its_commit_is_applied_and_a_second_row_for_an_order_fails_its_batch() {
        assertInstanceOf(InboxResult.Applied.class, storage.inbox().receive(ORDERING, commit("order-o1", 1), addRow("o1")));
        assertInstanceOf(InboxResult.RolledBack.class, storage.inbox().receive(ORDERING, commit("order-o2", 1), (s, c, tx) -> {
            view.add(tx, "o2", LINES, c.streamId().value(), c.commitSequence());
            throw new IllegalStateException("the handler failed after writing the row");
        }));
        assertInstanceOf(InboxResult.RolledBack.class, storage.inbox().receive(ORDERING, commit("order-o1", 2), addRow("o1")));

        assertEquals(List.of(Map.of("orderId", "o1", "shipmentId", ShipmentDecider.shipmentIdOf("o1"))), view.rows());
        assertEquals(1, storage.inbox().lastApplied(ORDERING, StreamId.of("order-o1")), "the second batch left no trace");
        assertEquals(0, storage.inbox().lastApplied(ORDERING, StreamId.of("order-o2")));
    }

    private CommitApplier<CosmosInboxTransaction> addRow(String orderId) {
        return (s, c, tx) -> {
            view.add(tx, orderId, LINES, c.streamId().value(), c.commitSequence());
            return ApplyOutcome.APPLIED;
        };
    }

    private static Commit commit(String stream, long seq) {
        return new Commit(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("ordering.OrderConfirmed", 1, "{}")));
    }
}
