package io.contextbus.store.cosmos;

import static io.contextbus.testkit.TestCommits.attempt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.ChildJvm;
import io.contextbus.testkit.TestCommits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@DisplayName("Cosmos change feed dispatcher")
@Timeout(180)
class CosmosChangeFeedDispatcherIT {
    private static final ContextName CONTEXT = ContextName.of("ordering");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private String prefix;
    private CosmosStores stores;
    private CosmosEventStore store;
    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeEach
    void open() {
        prefix = CosmosTestStores.newPrefix();
        stores = CosmosStores.connect(CosmosTestStores.options(prefix).build());
        store = stores.eventStore(CONTEXT);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable r : running) {
            r.close();
        }
        stores.close();
    }

    @Test
    @DisplayName("commits appended while no dispatcher runs are all published once it starts, in order per stream")
    void catchesUpAfterDowntime() {
        // given commits of three streams appended interleaved while no dispatcher runs
        List<Commit> appended = appendInterleaved(3, 4);
        Queue<Commit> published = new ConcurrentLinkedQueue<>();

        // when a dispatcher starts
        start((source, commits) -> published.addAll(commits), "solo");

        // then every commit is published exactly once, in commitSequence order per stream
        awaitAll(published, appended);
        assertEquals(appended.size(), published.size(), "no commit published twice");
        assertOrderPerStream(published);

        // and commits appended while it runs follow
        Commit later = store.append(attempt(appended.get(0).streamId(), 5));
        Await.until(() -> published.contains(later), PATIENCE, "a commit appended while running is published");
        assertOrderPerStream(published);
    }

    @Test
    @DisplayName("a failing publisher holds the lease back: the batch is published again, in order, once the bus recovers")
    void failedBatchIsRetried() {
        // given a publisher that fails its first 6 calls (more than one publish retry cycle)
        List<Commit> appended = appendInterleaved(2, 3);
        AtomicInteger calls = new AtomicInteger();
        Queue<Commit> published = new ConcurrentLinkedQueue<>();
        CommitPublisher flaky = (source, commits) -> {
            if (calls.incrementAndGet() <= 6) {
                throw new IllegalStateException("bus down (call " + calls.get() + ")");
            }
            published.addAll(commits);
        };

        // when the dispatcher runs
        start(flaky, "flaky");

        // then every commit arrives once the publisher recovers, none skipped, in order per stream
        awaitAll(published, appended);
        assertOrderPerStream(published);
        assertEquals(appended.size(), new HashSet<>(published).size());
    }

    @Test
    @DisplayName("two instances share the work by lease: every commit is published by exactly one of them")
    void twoInstancesNeverBothPublish() {
        Queue<Commit> byA = new ConcurrentLinkedQueue<>();
        Queue<Commit> byB = new ConcurrentLinkedQueue<>();
        start((source, commits) -> byA.addAll(commits), "instance-a");
        start((source, commits) -> byB.addAll(commits), "instance-b");

        List<Commit> appended = appendInterleaved(4, 5);

        Queue<Commit> all = new ConcurrentLinkedQueue<>();
        Await.until(() -> {
            all.clear();
            all.addAll(byA);
            all.addAll(byB);
            return all.containsAll(appended);
        }, PATIENCE, "all " + appended.size() + " commits published by one of the two instances");
        assertEquals(appended.size(), byA.size() + byB.size(), "no commit was published by both instances");
        assertOrderPerStream(byA);
        assertOrderPerStream(byB);
        System.out.println("[dispatcher-it] published by a=" + byA.size() + " b=" + byB.size()
                + " (one lease per physical partition; the stand-in has one)");
    }

    @Test
    @DisplayName("a dispatcher killed mid-batch: the next one resumes from its lease and re-sends only the unacknowledged batch")
    void killedMidBatchResumesFromLease() throws Exception {
        // given commits, and a dispatcher in a second JVM that acknowledges one batch and hangs in the second
        List<Commit> appended = appendInterleaved(3, 4);
        CosmosTestTarget.get().publishToChildJvms();
        Path stderr = Files.createTempFile("cosmos-dispatcher-child", ".log");
        Process child = ChildJvm.start(DispatcherChild.class, List.of(prefix, CONTEXT.value(), "child", "2"), stderr);
        Set<String> acked = ConcurrentHashSetOf();
        Set<String> held = ConcurrentHashSetOf();
        Thread reader = new Thread(() -> readChild(child, acked, held), "dispatcher-child-reader");
        reader.start();
        try {
            Await.until(() -> !held.isEmpty() || !child.isAlive(), PATIENCE, "the child to hang in its second batch");
            assertTrue(child.isAlive(), "the child died by itself:\n" + ChildJvm.tail(stderr));
        } finally {
            // when it is killed there
            child.destroyForcibly();
            child.waitFor();
            reader.join(PATIENCE.toMillis());
        }
        assertTrue(!acked.isEmpty(), "the child acknowledged its first batch");

        // then a new dispatcher (after the lease expired) publishes the rest, starting with the held batch
        Queue<Commit> published = new ConcurrentLinkedQueue<>();
        start((source, commits) -> published.addAll(commits), "successor");
        Await.until(() -> keys(published).size() + acked.size() >= appended.size()
                        && keys(published).containsAll(held), PATIENCE,
                "the successor publishes everything the child did not acknowledge");
        Set<String> resent = new HashSet<>(keys(published));
        resent.retainAll(acked);
        assertEquals(Set.of(), resent, "nothing the child acknowledged is published again");
        Set<String> all = new HashSet<>(acked);
        all.addAll(keys(published));
        assertEquals(keys(appended).size(), all.size(), "every commit published by one of them");
        assertEquals(keys(appended).stream().filter(k -> !acked.contains(k)).toList().size(), published.size(),
                "the successor re-sent only the unacknowledged commits, each once");
        assertOrderPerStream(published);
    }

    private static Set<String> ConcurrentHashSetOf() {
        return java.util.concurrent.ConcurrentHashMap.newKeySet();
    }

    private static void readChild(Process child, Set<String> acked, Set<String> held) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.addAll(List.of(line.substring(4).split(",")));
                } else if (line.startsWith("HOLD ")) {
                    held.addAll(List.of(line.substring(5).split(",")));
                }
            }
        } catch (IOException e) {
            // the pipe breaks when the child is killed
        }
    }

    private void start(CommitPublisher publisher, String host) {
        running.add(CosmosDispatchers.forTests(stores, CONTEXT, publisher, host).start());
    }

    private List<Commit> appendInterleaved(int streams, int commitsEach) {
        List<StreamId> ids = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            ids.add(TestCommits.newStreamId("order"));
        }
        List<Commit> appended = new ArrayList<>();
        for (int seq = 1; seq <= commitsEach; seq++) {
            for (StreamId id : ids) {
                appended.add(store.append(attempt(id, seq)));
            }
        }
        return appended;
    }

    private static void awaitAll(Queue<Commit> published, List<Commit> appended) {
        Await.until(() -> published.containsAll(appended), PATIENCE,
                "all " + appended.size() + " appended commits published");
    }

    private static List<String> keys(Collection<Commit> commits) {
        return commits.stream().map(Commit::key).toList();
    }

    /** Per stream, the published sequences never go backwards and have no hole. */
    private static void assertOrderPerStream(Collection<Commit> published) {
        Map<StreamId, Long> last = new LinkedHashMap<>();
        for (Commit c : published) {
            Long previous = last.get(c.streamId());
            if (previous != null) {
                assertEquals(previous + 1, c.commitSequence(), "stream " + c.streamId() + " published in order");
            }
            last.put(c.streamId(), c.commitSequence());
        }
    }
}
