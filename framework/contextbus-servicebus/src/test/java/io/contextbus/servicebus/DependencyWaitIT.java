package io.contextbus.servicebus;

import static io.contextbus.servicebus.LocalBusFixture.FAST_DISPATCHER;
import static io.contextbus.servicebus.LocalBusFixture.ORDERING;
import static io.contextbus.servicebus.LocalBusFixture.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Dependency;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.Commit;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, dependency waits, over the local broker: a shipment's commit answers "not yet" until
 * the consumer has applied its order; the commit is held in the inbox (visible in the hold listing),
 * its stream waits, and it is applied as soon as the order is, so a replay that delivers every
 * shipment before any order ends in the same state as the live run. A dependency that never comes
 * parks the stream after the time limit, with a reason.
 */
@DisplayName("Dependency waits: 'not yet' holds a commit until what it needs is applied, live and in a replay")
class DependencyWaitIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int PAIRS = 10;

    @TempDir
    Path live;
    @TempDir
    Path replay;

    /** Shipment {@code ship-N} needs order {@code order-N} applied up to 1; everything else is applied as it comes. */
    private static Handlers<Connection> handlers(AppliedLog log, Duration timeLimit) {
        return Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE, (e, ctx) -> {
            String stream = ctx.streamId().value();
            if (stream.startsWith("ship-") && !applied(ctx, "order-" + stream.substring("ship-".length()))) {
                return HandlerResult.notYet(new Dependency(ORDERING, StreamId.of("order-" + stream.substring(5)), 1),
                        timeLimit);
            }
            return log.record(e, ctx);
        }).build();
    }

    private static boolean applied(EventContext<Connection> ctx, String stream) throws Exception {
        try (PreparedStatement p = ctx.transaction().prepareStatement("SELECT 1 FROM applied WHERE stream = ?")) {
            p.setString(1, stream);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    private static List<String> streams(String prefix) {
        return IntStream.rangeClosed(1, PAIRS).mapToObj(i -> prefix + i).toList();
    }

    /** What the consumer ends with: per stream, the commits applied, in order. */
    private static Map<String, List<Long>> state(AppliedLog log) {
        return new TreeMap<>(log.byStream());
    }

    @Test
    void a_replay_delivering_dependents_first_ends_as_the_live_run_did() throws Exception {
        Map<String, List<Long>> liveState;
        try (LocalBusFixture bus = new LocalBusFixture(live)) {
            AppliedLog log = new AppliedLog(bus.store(SHIPPING));
            bus.consumer(handlers(log, Duration.ofMinutes(10)), b -> b);
            bus.publisher(FAST_DISPATCHER);
            bus.appendAll(streams("order-"), 2, 2);
            bus.appendAll(streams("ship-"), 2, 2);
            List<String> all = new ArrayList<>(streams("order-"));
            all.addAll(streams("ship-"));
            log.awaitAll(all, 2, PATIENCE, "the live run applied everything");
            liveState = state(log);
        }

        try (LocalBusFixture bus = new LocalBusFixture(replay);
             ServiceBusSenderClient sender = new ServiceBusClientBuilder().connectionString(bus.broker.connectionString())
                     .sender().topicName(ORDERING.topicName()).buildClient()) {
            AppliedLog log = new AppliedLog(bus.store(SHIPPING));
            ContextBus consumer = bus.consumer(handlers(log, Duration.ofMinutes(10)), b -> b);
            HeldStreams held = consumer.heldStreams().orElseThrow();
            CommitMessages messages = new CommitMessages(SessionStrategy.perStream());

            sender.sendMessages(replayed(messages, streams("ship-")));
            Await.until(() -> held.waiting().size() == PAIRS, PATIENCE,
                    () -> "every shipment waits for its order, visibly: " + held.list());
            StreamHold first = held.waiting().get(0);
            assertTrue(first.waitingFor().orElseThrow().streamId().value().startsWith("order-"), first.toString());
            assertEquals(1, first.commitSequence());
            assertEquals(List.of(), log.of("ship-1"), "nothing of a waiting stream is applied");
            sender.sendMessages(replayed(messages, streams("order-")));

            List<String> all = new ArrayList<>(streams("order-"));
            all.addAll(streams("ship-"));
            log.awaitAll(all, 2, PATIENCE, "the replay applied everything");
            assertEquals(liveState, state(log), "the replay ends in the live run's state");
            Await.until(() -> held.list().isEmpty(), PATIENCE, () -> "no hold left: " + held.list());
        }
    }

    @Test
    void a_dependency_that_never_comes_parks_the_stream_after_the_time_limit() throws Exception {
        try (LocalBusFixture bus = new LocalBusFixture(live)) {
            AppliedLog log = new AppliedLog(bus.store(SHIPPING));
            ContextBus consumer = bus.consumer(handlers(log, Duration.ofSeconds(2)), b -> b);
            HeldStreams held = consumer.heldStreams().orElseThrow();
            bus.publisher(FAST_DISPATCHER);
            bus.appendAll(List.of("ship-404"), 2, 1);

            StreamHold parked = Await.value(() -> held.parked().stream().findFirst(), PATIENCE,
                    "the waiting shipment parked after its time limit");

            assertEquals(1, parked.commitSequence());
            assertTrue(parked.reason().contains("time limit") && parked.reason().contains("order-404"), parked.reason());
            assertEquals(List.of(), log.of("ship-404"));
        }
    }

    /** Replay messages for {@code shipping}, commits 1 and 2 of each stream, as the replay service sends them. */
    private static List<ServiceBusMessage> replayed(CommitMessages messages, List<String> streams) {
        String replayId = UUID.randomUUID().toString();
        List<ServiceBusMessage> out = new ArrayList<>();
        for (String stream : streams) {
            for (long seq = 1; seq <= 2; seq++) {
                Commit c = new Commit(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                        List.of(EventMessage.of(LocalBusFixture.EVENT_TYPE, 1, "{\"seq\":" + seq + "}")));
                out.add(messages.replay(ORDERING, c, SHIPPING, replayId));
            }
        }
        return out;
    }
}
