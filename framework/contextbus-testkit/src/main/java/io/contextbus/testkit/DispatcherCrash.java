package io.contextbus.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.contextbus.model.Commit;
import io.contextbus.model.StreamId;
import io.contextbus.store.EventStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The crash step of {@link DispatcherPromises}: runs {@link CrashingDispatcher} in a second JVM
 * until it halts right after publishing batch K, and returns what it published, resolved against
 * the store (each line's commitId must be the stored one).
 */
final class DispatcherCrash {
    private DispatcherCrash() {
    }

    /** What the halted child published, in order, and the commits of its last (halted) batch. */
    record Halted(List<Commit> published, List<Commit> haltedBatch) {
    }

    static Halted run(StoreFixture<?> fixture, String location, EventStore store, int pageSize, int haltAfterBatch,
                            boolean storesOwnDispatcher) throws IOException, InterruptedException {
        Path published = Files.createTempFile("contextbus-dispatch-published", ".txt");
        Path stderr = Files.createTempFile("contextbus-dispatch-child", ".log");
        try {
            haltChild(fixture, location, pageSize, haltAfterBatch, storesOwnDispatcher, published, stderr);
            return resolve(store, published);
        } finally {
            Files.deleteIfExists(published);
            Files.deleteIfExists(stderr);
        }
    }

    private static void haltChild(StoreFixture<?> fixture, String location, int pageSize, int haltAfterBatch,
                                  boolean storesOwnDispatcher, Path published, Path stderr)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(fixture.getClass().getName(), location, OpenedStores.CONTEXT.value(),
                published.toString(), Integer.toString(pageSize), Integer.toString(haltAfterBatch)));
        if (storesOwnDispatcher) {
            args.add(CrashingDispatcher.OWN);
        }
        Process child = ChildJvm.start(CrashingDispatcher.class, args, stderr);
        drainQuietly(child);
        if (!child.waitFor(DispatcherPromises.PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("The dispatcher JVM did not halt within " + DispatcherPromises.PATIENCE
                    + ":\n" + ChildJvm.tail(stderr));
        }
        if (child.exitValue() != CrashingDispatcher.HALTED) {
            throw new AssertionError("The dispatcher JVM exited with " + child.exitValue() + ", not the planned halt "
                    + CrashingDispatcher.HALTED + ":\n" + ChildJvm.tail(stderr));
        }
    }

    /** Reads the child's stdout away on a daemon thread, so that a full pipe never blocks it. */
    private static void drainQuietly(Process child) {
        Thread drain = new Thread(() -> {
            try (InputStream in = child.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the pipe closes when the child halts
            }
        }, "crashing-dispatcher-stdout");
        drain.setDaemon(true);
        drain.start();
    }

    private static Halted resolve(EventStore store, Path published) {
        List<Commit> commits = new ArrayList<>();
        List<Commit> lastBatch = new ArrayList<>();
        String lastBatchNumber = null;
        for (String line : readLines(published)) {
            String[] parts = line.split(" ");
            if (parts.length != 5 || !parts[0].equals("P")) {
                throw new AssertionError("Unreadable line in the child's publish log: '" + line + "'");
            }
            StreamId stream = StreamId.of(parts[2]);
            long seq = Long.parseLong(parts[3]);
            List<Commit> stored = store.readStream(stream, seq, seq);
            assertEquals(1, stored.size(), "published commit " + stream + ":" + seq + " is in the store");
            assertEquals(UUID.fromString(parts[4]), stored.get(0).commitId(), "published commit " + stream + ":" + seq);
            commits.add(stored.get(0));
            if (!parts[1].equals(lastBatchNumber)) {
                lastBatch.clear();
                lastBatchNumber = parts[1];
            }
            lastBatch.add(stored.get(0));
        }
        return new Halted(List.copyOf(commits), List.copyOf(lastBatch));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
