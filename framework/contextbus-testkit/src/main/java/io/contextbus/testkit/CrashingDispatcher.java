package io.contextbus.testkit;

import io.contextbus.codec.CommitLimits;
import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.dispatch.DispatchingStore;
import io.contextbus.dispatch.StoreDispatcher;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child process of the dispatcher crash test: opens a store through a fixture instantiated by
 * class name, runs a {@link StoreDispatcher} (or, with {@code own}, the store's own dispatcher
 * through its {@link DispatchingStore} role) whose publisher appends {@code P <batch> <streamId>
 * <commitSequence> <commitId>} lines to a file, and halts the JVM ({@link Runtime#halt}, no
 * shutdown hooks, nothing closed) right after the publish of batch {@code K} returned, before the
 * dispatcher could checkpoint it.
 *
 * <p>Arguments: {@code <fixture class> <location> <context> <published file> <page size> <K> [own]}.
 * Exits with {@link #HALTED} when it halted as planned, {@code 3} when batch K never came.
 */
public final class CrashingDispatcher {
    /** The exit status of a planned halt. */
    public static final int HALTED = 77;
    /** The lease owner the child dispatches as. */
    public static final String OWNER = "crashing-dispatcher";
    /** The child's lease ttl: short, so that the parent's dispatcher takes over soon after the halt. */
    public static final Duration LEASE_TTL = Duration.ofSeconds(2);
    /** The optional last argument: start the store's own dispatcher instead of a {@link StoreDispatcher}. */
    public static final String OWN = "own";

    private CrashingDispatcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6 && !(args.length == 7 && args[6].equals(OWN))) {
            System.err.println("usage: CrashingDispatcher <fixture class> <location> <context> <published file> <page size> <K> [own]");
            System.exit(2);
        }
        StoreFixture<?> fixture = (StoreFixture<?>) Class.forName(args[0]).getConstructor().newInstance();
        EventStore store = fixture.open(args[1], ContextName.of(args[2]), CommitLimits.STANDARD);
        Path published = Path.of(args[3]);
        int haltAfter = Integer.parseInt(args[5]);
        DispatcherOptions options = DispatcherOptions.DEFAULT.withOwner(OWNER).withPageSize(Integer.parseInt(args[4]))
                .withPollInterval(Duration.ofMillis(50)).withLeaseTtl(LEASE_TTL);
        CommitPublisher publisher = haltingAfter(haltAfter, recordingTo(published));
        if (args.length == 7) {
            ((DispatchingStore) store).startDispatcher(publisher, options);
        } else {
            new StoreDispatcher(store, fixture.checkpoints(store), publisher, options).start();
        }
        new CountDownLatch(1).await(60, TimeUnit.SECONDS);
        System.err.println("batch " + haltAfter + " was never published");
        System.exit(3);
    }

    private static CommitPublisher recordingTo(Path file) {
        AtomicInteger batch = new AtomicInteger();
        return (source, commits) -> {
            int n = batch.incrementAndGet();
            StringBuilder lines = new StringBuilder();
            for (Commit c : commits) {
                lines.append("P ").append(n).append(' ').append(c.streamId().value()).append(' ')
                        .append(c.commitSequence()).append(' ').append(c.commitId()).append('\n');
            }
            try {
                Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static CommitPublisher haltingAfter(int batchK, CommitPublisher publisher) {
        AtomicInteger batch = new AtomicInteger();
        return (source, commits) -> {
            publisher.publish(source, commits);
            if (batch.incrementAndGet() == batchK) {
                Runtime.getRuntime().halt(HALTED);
            }
        };
    }
}
