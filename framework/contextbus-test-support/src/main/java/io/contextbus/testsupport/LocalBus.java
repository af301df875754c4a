package io.contextbus.testsupport;

import io.contextbus.codec.CommitLimits;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import io.contextbus.store.sqlite.SqliteSynchronous;
import io.contextbus.testkit.MovableClock;
import io.contextbus.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The local Service Bus of a test: started on 127.0.0.1 (a free port) with the test's topology and a
 * {@link MovableClock} the test can move forward (to age duplicate detection), closed by
 * {@link #close()}. The connection string is what a {@code ContextBus} or an SDK client is given.
 *
 * @param topology the entities the broker holds
 * @param clock    the broker's clock
 * @param broker   the broker, for tests that inspect or disturb it
 */
public record LocalBus(Topology topology, MovableClock clock, LocalServiceBus broker) implements AutoCloseable {

    /** Starts a broker holding {@code topology}'s entities. */
    public static LocalBus start(Topology topology) {
        Objects.requireNonNull(topology, "'topology' cannot be null.");
        MovableClock clock = new MovableClock();
        return new LocalBus(topology, clock, LocalServiceBus.builder().topology(topology).clock(clock).start());
    }

    /**
     * SQLite store options for the contexts of a test in {@code dir}: standard commit limits and
     * {@code synchronous=NORMAL} (durable across a process crash, not across power loss: enough for
     * tests, and faster on a loaded machine).
     */
    public static SqliteStoreOptions storeOptions(Path dir) {
        return SqliteStoreOptions.DEFAULT.withDirectory(dir).withLimits(CommitLimits.STANDARD)
                .withSynchronous(SqliteSynchronous.NORMAL);
    }

    public String connectionString() {
        return broker.connectionString();
    }

    /** Messages enqueued so far on {@code entityPath} (a topic, or {@code <topic>/subscriptions/<name>}). */
    public long enqueued(String entityPath) {
        return broker.counts(entityPath).messagesEnqueued();
    }

    /** Writes the topology as JSON to {@code file} (creating its directory), for services that read a file. */
    public Path writeTopology(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, topology.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        broker.close();
    }
}
