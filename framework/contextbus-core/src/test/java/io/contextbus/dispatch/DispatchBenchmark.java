package io.contextbus.dispatch;

import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * BENCHMARK (prints figures, asserts nothing): the dispatcher's own cost per page, with an
 * in-memory store and a publisher that acknowledges at once, so that reading, lease renewal,
 * resilience4j and checkpointing per page are all that is measured (real stores and the bus add
 * their I/O on top). Run:
 * {@code mvn -B -q -pl framework/contextbus-core test-compile exec:java
 * -Dexec.mainClass=io.contextbus.dispatch.DispatchBenchmark -Dexec.classpathScope=test}
 */
public final class DispatchBenchmark {
    private static final int COMMITS = 200_000;

    private DispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        InMemoryEventStore store = new InMemoryEventStore(ContextName.of("bench"));
        List<EventMessage> events = List.of(EventMessage.of("OrderPlaced", 1, "{\"orderId\":\"o-1\",\"total\":12.5}"));
        for (int i = 0; i < COMMITS; i++) {
            long seq = i / 1000 + 1;
            store.append(new CommitAttempt(StreamId.of("s-" + (i % 1000)), seq, seq, UUID.randomUUID(), Instant.now(),
                    Map.of(), events));
        }
        for (int pageSize : new int[] {1, 10, 100}) {
            run(store, pageSize);  // warm-up
            run(store, pageSize);
        }
    }

    private static void run(InMemoryEventStore store, int pageSize) throws InterruptedException {
        InMemoryCheckpointStore checkpoints = new InMemoryCheckpointStore();
        DispatcherOptions options = DispatcherOptions.DEFAULT.withPageSize(pageSize).withPollInterval(Duration.ofMillis(10));
        long start = System.nanoTime();
        try (StoreDispatcher d = new StoreDispatcher(store, checkpoints, (source, commits) -> { }, options).start()) {
            while (!checkpoints.checkpoint().equals(Position.of(COMMITS))) {
                Thread.sleep(1);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double pages = Math.ceil((double) COMMITS / pageSize);
        System.out.printf("dispatch pageSize=%d commits=%d seconds=%.3f commitsPerSecond=%.0f microsPerPage=%.2f%n",
                pageSize, COMMITS, seconds, COMMITS / seconds, seconds * 1e6 / pages);
    }
}
