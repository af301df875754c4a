package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.Commit;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The crash check of {@link EventStoreContract}: a second JVM ({@link CrashingAppender}) appends
 * to the store while this JVM appends to it too; the child is killed with
 * {@link Process#destroyForcibly()} after a number of acknowledgements, and every acknowledged
 * commit of both processes must be there when the location is opened again.
 */
final class CrashCheck {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final StoreFixture<?> fixture;
    private final OpenedStores stores;
    private final String location;

    CrashCheck(StoreFixture<?> fixture, OpenedStores stores, String location) {
        this.fixture = fixture;
        this.stores = stores;
        this.location = location;
    }


    void killWhileAppendingThenVerify(EventStore parentStore, int childThreads, int acksBeforeKill) {
        Path stderr = tempFile();
        Queue<CrashingAppender.Ack> childAcks = new ConcurrentLinkedQueue<>();
        Queue<Commit> parentAcks = new ConcurrentLinkedQueue<>();
        Process child = ChildJvm.start(CrashingAppender.class, List.of(fixture.getClass().getName(), location,
                OpenedStores.CONTEXT.value(), Integer.toString(childThreads), "crash-" + UUID.randomUUID()), stderr);
        Thread reader = new Thread(() -> CrashingAppender.readAcks(child, childAcks), "crash-ack-reader");
        reader.start();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<RuntimeException> parentFailure = new AtomicReference<>();
        Thread parentWriter = new Thread(() -> {
            try {
                appendUntil(parentStore, stop, parentAcks);
            } catch (RuntimeException e) {
                parentFailure.set(e);
            }
        }, "crash-parent-writer");
        parentWriter.start();
        try {
            killAfterAcks(child, childAcks, acksBeforeKill, stderr);
        } finally {
            child.destroyForcibly();
            stop.set(true);
            join(parentWriter);
            join(reader);
        }
        if (parentFailure.get() != null) {
            throw new AssertionError("Appending from this JVM failed while the child appended too", parentFailure.get());
        }
        if (parentAcks.isEmpty()) {
            throw new AssertionError("This JVM appended nothing while the child ran; the two-process case was not exercised");
        }
        stores.close(parentStore);
        verify(stores.open(location), childAcks, parentAcks);
        deleteQuietly(stderr); // kept when the check fails, for the failure message's reader
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover log in the temp directory harms nothing
        }
    }

    private static void killAfterAcks(Process child, Queue<CrashingAppender.Ack> acks, int acksBeforeKill, Path stderr) {
        Await.until(() -> acks.size() >= acksBeforeKill || !child.isAlive(), PATIENCE,
                acksBeforeKill + " acknowledged appends from the child JVM");
        if (!child.isAlive()) {
            throw new AssertionError("The child JVM died by itself (exit " + child.exitValue() + "):\n"
                    + ChildJvm.tail(stderr));
        }
        child.destroyForcibly();
        Await.until(() -> !child.isAlive(), PATIENCE, "the killed child JVM to exit");
    }

    private static void verify(EventStore reopened, Queue<CrashingAppender.Ack> childAcks, Queue<Commit> parentAcks) {
        for (CrashingAppender.Ack ack : childAcks) {
            List<Commit> found = reopened.readStream(ack.stream(), ack.sequence(), ack.sequence());
            assertEquals(1, found.size(), "acknowledged commit " + ack.stream() + ":" + ack.sequence() + " survives the kill");
            assertEquals(ack.commitId(), found.get(0).commitId(), "the surviving commit is the acknowledged one");
        }
        for (Commit c : parentAcks) {
            assertEquals(List.of(c), reopened.readStream(c.streamId(), c.commitSequence(), c.commitSequence()),
                    "the other process's commit " + c.key() + " is intact");
        }
        CommitAssertions.assertEachStreamInOrder(CommitAssertions.readEverything(reopened, 500));
    }

    private static void appendUntil(EventStore store, AtomicBoolean stop, Queue<Commit> acks) {
        StreamId stream = TestCommits.newStreamId("crash-parent");
        for (long seq = 1; !stop.get(); seq++) {
            acks.add(store.append(TestCommits.attempt(stream, seq)));
        }
    }


    private static void join(Thread t) {
        try {
            t.join(PATIENCE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            throw new AssertionError(t.getName() + " did not finish within " + PATIENCE);
        }
    }

    private static Path tempFile() {
        try {
            return Files.createTempFile("contextbus-crash-child", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
