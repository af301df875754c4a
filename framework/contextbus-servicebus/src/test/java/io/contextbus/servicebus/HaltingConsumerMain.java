package io.contextbus.servicebus;

import io.contextbus.handler.EventContext;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.model.EventMessage;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testsupport.AppliedLog;
import io.contextbus.topology.Topology;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM of the consumer crash test: consumes ordering into shipping's store like the real
 * consumer, and halts the JVM in the middle of applying commit {@code <stream>:<seq>}, after the
 * handler wrote and before the inbox transaction committed. Arguments:
 * {@code <store dir> <connection string> <topology file> <stream> <seq>}.
 */
public final class HaltingConsumerMain {
    static final int HALTED = 78;

    private HaltingConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        SqliteEventStore store = SqliteEventStore.open(LocalBusFixture.storeOptions(Path.of(args[0])), LocalBusFixture.SHIPPING);
        AppliedLog log = new AppliedLog(store);
        String stream = args[3];
        long seq = Long.parseLong(args[4]);
        Handlers<Connection> handlers = Handlers.<Connection>builder().on(LocalBusFixture.EVENT_TYPE,
                (EventMessage e, io.contextbus.handler.EventContext<Connection> ctx) -> {
                    HandlerResult r = log.record(e, ctx);
                    if (ctx.streamId().value().equals(stream) && ctx.commitSequence() == seq) {
                        Runtime.getRuntime().halt(HALTED);
                    }
                    return r;
                }).build();
        ContextBus.<Connection>builder().context("shipping").inbox(store.inbox()).connectionString(args[1])
                .topology(Topology.read(Path.of(args[2]))).consumerOptions(LocalBusFixture.FAST_CONSUMER)
                .consume("ordering", handlers).build().start();
        new CountDownLatch(1).await(120, TimeUnit.SECONDS);
        System.err.println("commit " + stream + ":" + seq + " never arrived");
        System.exit(3);
    }
}
