package io.contextbus.samples.shipping.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.InboxResult;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.propagation.DirtyMark;
import io.contextbus.propagation.DirtyMarks;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The carrier status against the real SQLite inbox: each applied ordering commit moves the
 * shipment's status, counts its events and marks the shipment dirty at the commit's sequence, all in
 * the inbox transaction; a commit the handlers do not apply changes neither.
 */
class CarrierStatusDecoratorTest {
    private static final ContextName ORDERING = ContextName.of(OrderingContract.CONTEXT);
    private static final String REFUSED = "test.Refused";

    @TempDir
    Path dir;
    SqliteEventStore store;
    CarrierStatusTable table;
    DirtyMarks<Connection> marks;
    Handlers<Connection> handlers;

    @BeforeEach
    void open() {
        store = SqliteEventStore.open(dir, ContextName.of("shipping"));
        table = new CarrierStatusTable(store);
        marks = store.dirtyMarks("carrier");
        handlers = Handlers.<Connection>builder()
                .ignore(OrderingContract.ORDER_PLACED, OrderingContract.ORDER_LINE_ADDED,
                        OrderingContract.ORDER_CONFIRMATION_REQUESTED, OrderingContract.ORDER_CONFIRMED)
                .on(REFUSED, (EventMessage e, EventContext<Connection> ctx) -> HandlerResult.retry("not now"))
                .decorate(new CarrierStatusDecorator(marks))
                .build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void each_commit_moves_the_status_and_marks_the_shipment_in_the_inbox_transaction() {
        receive(1, OrderingContract.ORDER_PLACED, OrderingContract.ORDER_LINE_ADDED, OrderingContract.ORDER_LINE_ADDED);
        assertEquals(Optional.of(new CarrierStatus("shp-o1", "o1", "OPEN", 3, 1)), table.read("shp-o1"));

        receive(2, OrderingContract.ORDER_CONFIRMATION_REQUESTED);
        receive(3, OrderingContract.ORDER_CONFIRMED);

        assertEquals(Optional.of(new CarrierStatus("shp-o1", "o1", "READY_TO_SHIP", 5, 3)), table.read("shp-o1"));
        assertEquals(List.of(new DirtyMark("shp-o1", 3)), marks.pending());
        assertEquals(List.of(new CarrierStatus("shp-o1", "o1", "READY_TO_SHIP", 5, 3)), table.rows());
    }

    @Test
    void a_commit_not_applied_changes_neither_status_nor_mark() {
        receive(1, OrderingContract.ORDER_PLACED);

        InboxResult refused = store.inbox().receive(ORDERING, commit(2, OrderingContract.ORDER_CONFIRMED, REFUSED), handlers);

        assertInstanceOf(InboxResult.RolledBack.class, refused);
        assertEquals(Optional.of(new CarrierStatus("shp-o1", "o1", "OPEN", 1, 1)), table.read("shp-o1"));
        assertEquals(List.of(new DirtyMark("shp-o1", 1)), marks.pending());
    }

    private void receive(long seq, String... types) {
        assertInstanceOf(InboxResult.Applied.class, store.inbox().receive(ORDERING, commit(seq, types), handlers));
    }

    private static Commit commit(long seq, String... types) {
        return new Commit(StreamId.of(OrderingContract.streamOf("o1")), seq, seq * 10, UUID.randomUUID(), Instant.now(), Map.of(),
                Arrays.stream(types).map(t -> EventMessage.of(t, 1, "{}")).toList());
    }
}
