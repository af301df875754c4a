package io.contextbus.servicebus;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.StoreDispatcher;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Child JVM of the dispatcher crash tests: dispatches ordering's store to the local broker with the
 * real publisher and halts ({@link Runtime#halt}: nothing closed, no checkpoint) right after Service
 * Bus acknowledged {@code K} pages' worth of distinct commits (a retried page counts once).
 * Arguments: {@code <store dir> <connection string> <page size> <K>}.
 */
public final class HaltingDispatcherMain {
    static final int HALTED = 77;

    private HaltingDispatcherMain() {
    }

    public static void main(String[] args) throws Exception {
        SqliteEventStore store = SqliteEventStore.open(LocalBusFixture.storeOptions(Path.of(args[0])), LocalBusFixture.ORDERING);
        ServiceBusCommitPublisher publisher = new ServiceBusCommitPublisher(new ServiceBusClientBuilder()
                .connectionString(args[1]).sender().topicName("ordering.events").buildClient(),
                LocalBusFixture.ORDERING, PublisherOptions.DEFAULT);
        int pageSize = Integer.parseInt(args[2]);
        int haltAfter = Integer.parseInt(args[3]);
        Set<String> published = ConcurrentHashMap.newKeySet();
        CommitPublisher halting = (source, commits) -> {
            publisher.publish(source, commits);
            commits.forEach(c -> published.add(c.key()));
            if (published.size() >= haltAfter * pageSize) {
                Runtime.getRuntime().halt(HALTED);
            }
        };
        DispatcherOptions options = LocalBusFixture.FAST_DISPATCHER.withOwner("halting-dispatcher")
                .withPageSize(pageSize).withLeaseTtl(Duration.ofSeconds(2));
        new StoreDispatcher(store, store.checkpoints(), halting, options).start();
        new CountDownLatch(1).await(120, TimeUnit.SECONDS);
        System.err.println("page " + haltAfter + " was never published");
        System.exit(3);
    }
}
