package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.codec.CommitLimits;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.ChildJvm;
import io.contextbus.testkit.CommitAssertions;
import io.contextbus.testkit.CrashingAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The path a lone waiting writer takes (its transaction runs on its own thread, without the writer
 * thread): a second JVM appends from one thread, waiting for each append, and is killed with
 * {@code destroyForcibly()} right after it reported acknowledgements; every acknowledged commit must
 * be in the file when it is opened again. It fails if an append returned before its COMMIT (checked
 * by hand against a writer that commits every 50th append only).
 */
@DisplayName("a lone waiting writer killed right after its appends returned")
class SqliteLoneWriterCrashIT {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ContextName CONTEXT = ContextName.of("lone-crash");


    @Test
    @DisplayName("loses no acknowledged commit, killed three times at random points")
    void killedLoneWriterLosesNothingAcknowledged() throws Exception {
        SqliteStoreFixture fixture = new SqliteStoreFixture();
        String location = fixture.newLocation();
        Queue<CrashingAppender.Ack> acks = new ConcurrentLinkedQueue<>();
        // a writer that acknowledged a few appends before committing them would survive a kill
        // that happens to land just after its commit, so the child is killed at three random points
        for (int round = 1; round <= 3; round++) {
            int killAfter = 100 + java.util.concurrent.ThreadLocalRandom.current().nextInt(200);
            acks.addAll(killAfter(fixture, location, "lone-" + round + "-" + UUID.randomUUID(), killAfter));
            try (SqliteEventStore reopened = (SqliteEventStore) fixture.open(location, CONTEXT, CommitLimits.STANDARD)) {
                for (CrashingAppender.Ack ack : acks) {
                    List<Commit> found = reopened.readStream(ack.stream(), ack.sequence(), ack.sequence());
                    assertEquals(1, found.size(), "acknowledged commit " + ack.stream() + ":" + ack.sequence()
                            + " survives the kill of round " + round + " (after " + killAfter + " acknowledgements)");
                    assertEquals(ack.commitId(), found.get(0).commitId(), "the surviving commit is the acknowledged one");
                }
                CommitAssertions.assertEachStreamInOrder(CommitAssertions.readEverything(reopened, 500));
            }
        }
    }

    /** Starts a child appending to {@code stream} from one thread; kills it after {@code killAfter} acknowledgements. */
    private static Queue<CrashingAppender.Ack> killAfter(SqliteStoreFixture fixture, String location, String stream, int killAfter)
            throws Exception {
        Path stderr = Files.createTempFile("contextbus-lone-crash", ".log");
        Queue<CrashingAppender.Ack> acks = new ConcurrentLinkedQueue<>();
        Process child = ChildJvm.start(CrashingAppender.class, List.of(fixture.getClass().getName(), location,
                CONTEXT.value(), "1", stream), stderr);
        Thread reader = new Thread(() -> CrashingAppender.readAcks(child, acks), "lone-crash-ack-reader");
        reader.start();
        try {
            Await.until(() -> acks.size() >= killAfter || !child.isAlive(), PATIENCE,
                    killAfter + " acknowledged appends from the child JVM");
            assertTrue(child.isAlive(), () -> "the child JVM died by itself:\n" + ChildJvm.tail(stderr));
        } finally {
            child.destroyForcibly();
        }
        Await.until(() -> !child.isAlive(), PATIENCE, "the killed child JVM to exit");
        reader.join(PATIENCE.toMillis());
        assertTrue(!reader.isAlive(), "the acknowledgement reader finished");
        Files.deleteIfExists(stderr);
        return acks;
    }

}
