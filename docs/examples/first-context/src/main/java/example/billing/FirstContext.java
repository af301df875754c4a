package example.billing;

import io.contextbus.error.ConcurrencyException;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventType;
import io.contextbus.serialization.EventTypeRegistry;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Two contexts on the local broker: ordering appends OrderPlaced events to its own store, the
 * dispatcher publishes each commit, and billing applies them once, in order, writing an invoice
 * in the same transaction as its inbox update.
 */
public final class FirstContext {

    /** An event: a record with its type name and schema version (the JSON is its fields). */
    @EventType(value = "ordering.OrderPlaced", version = 1)
    public record OrderPlaced(String orderId, long amountCents) {
    }

    public static void main(String[] args) throws Exception {
        // 1. The topology: ordering publishes to "ordering.events", billing subscribes to it.
        Topology topology = ContextBusTopology.builder()
                .context("ordering")
                .context("billing", ContextBusTopology.consumes("ordering"))
                .build();
        EventCodec codec = new EventCodec(EventTypeRegistry.builder().register(OrderPlaced.class).build());
        Path data = Files.createTempDirectory("contextbus-first-context");

        // 2. The local broker (in this JVM, 127.0.0.1) and one SQLite store per context.
        try (LocalServiceBus broker = LocalServiceBus.start(topology);
             SqliteEventStore ordering = SqliteEventStore.open(data, ContextName.of("ordering"));
             SqliteEventStore billing = SqliteEventStore.open(data, ContextName.of("billing"))) {
            billing.write(c -> {
                try (Statement ddl = c.createStatement()) {
                    return ddl.execute("CREATE TABLE IF NOT EXISTS invoices"
                            + " (order_id TEXT PRIMARY KEY, amount_cents INTEGER)");
                }
            });

            // 3. Ordering's bus publishes its commits; billing's bus applies them with a typed handler.
            try (ContextBus orderingBus = ContextBus.<Connection>builder()
                         .context("ordering")
                         .connectionString(broker.connectionString())
                         .topology(topology)
                         .store(ordering).checkpoints(ordering.checkpoints())
                         .build().start();
                 ContextBus billingBus = ContextBus.<Connection>builder()
                         .context("billing")
                         .connectionString(broker.connectionString())
                         .topology(topology)
                         .inbox(billing.inbox())
                         .consume("ordering", Handlers.<Connection>builder(codec)
                                 .on(OrderPlaced.class, (event, ctx) -> {
                                     // ctx.transaction() commits together with billing's inbox update
                                     try (PreparedStatement insert = ctx.transaction().prepareStatement(
                                             "INSERT INTO invoices (order_id, amount_cents) VALUES (?, ?)")) {
                                         insert.setString(1, event.orderId());
                                         insert.setLong(2, event.amountCents());
                                         insert.executeUpdate();
                                     }
                                     return HandlerResult.HANDLED;
                                 })
                                 .build())
                         .build().start()) {

                // 4. Appends: each commit carries the next commitSequence of its stream.
                StreamId order1 = StreamId.of("order-1");
                StreamId order2 = StreamId.of("order-2");
                appendNext(ordering, order1, codec.encode(new OrderPlaced("order-1", 4_200)));
                appendNext(ordering, order2, codec.encode(new OrderPlaced("order-2", 990)));
                Commit second = appendNext(ordering, order1, codec.encode(new OrderPlaced("order-1b", 100)));
                System.out.println("order-1 ends at commitSequence " + second.commitSequence()
                        + ", streamRevision " + second.streamRevision());

                // A writer that decided on an old state is refused and told what to do.
                try {
                    ordering.append(new CommitAttempt(order1, 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                            List.of(codec.encode(new OrderPlaced("order-1c", 1)))));
                    throw new IllegalStateException("a stale append was accepted");
                } catch (ConcurrencyException e) {
                    System.out.println("refused as expected: " + e.getMessage());
                }

                // 5. Billing applies the three commits asynchronously, through the broker: wait for them.
                long invoices = 0;
                for (int i = 0; i < 600 && invoices < 3; i++) {
                    Thread.sleep(100);
                    invoices = billing.read(c -> {
                        try (Statement query = c.createStatement();
                             ResultSet rs = query.executeQuery("SELECT COUNT(*) FROM invoices")) {
                            rs.next();
                            return rs.getLong(1);
                        }
                    });
                }
                System.out.println("billing holds " + invoices + " invoices");
                if (invoices != 3) {
                    throw new IllegalStateException("billing did not apply the three orders within 60 s");
                }
            } // 6. Shutdown: the buses close first, then the stores, then the broker.
        }
    }

    /**
     * Appends {@code events} as the stream's next commit: commitSequence is the stream's
     * lastCommitSequence + 1, streamRevision counts the stream's events, this commit's included. A
     * real decider reads the stream's commits (readStream) and decides from them first.
     */
    static Commit appendNext(SqliteEventStore store, StreamId stream, EventMessage... events) {
        long last = store.lastCommitSequence(stream); // 0 for a new stream
        long revision = last == 0 ? 0 : store.readStream(stream, last, last).get(0).streamRevision();
        return store.append(new CommitAttempt(stream, last + 1, revision + events.length, UUID.randomUUID(),
                Instant.now(), Map.of(), List.of(events)));
    }
}
