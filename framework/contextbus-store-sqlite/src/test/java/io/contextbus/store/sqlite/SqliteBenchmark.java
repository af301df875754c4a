package io.contextbus.store.sqlite;

import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.testkit.TestCommits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints durable append throughput (1 KB single-event commits) with 1 writer and with 16
 * concurrent writers, each on its own streams, first waiting for each append ({@code append}),
 * then keeping appends in flight ({@code appendAsync}, {@code bench.window} in all, default 256;
 * the 1-writer run appends 4 times as many commits), and the read-all rate. Not a test: run it with the
 * command in the module README. System properties: {@code bench.synchronous} (FULL, NORMAL,
 * EXTRA; default FULL), {@code bench.commits} (per writer count of the 1-writer run, default 5000),
 * {@code bench.perWriter} (commits per writer of the 16-writer run, default 2000). Read-all runs
 * three passes; the first includes JIT warm-up of the decoding path.
 *
 * <p>{@code -Dbench.workload=axon} runs instead the workload of the Axon Framework 4.13 baseline
 * (its {@code JdbcEventStorageEngine} on SQLite, WAL, {@code synchronous=FULL}, one UnitOfWork per
 * event): {@code bench.events} (100,000) commits of one ~1 KB event over {@code bench.events / 10}
 * streams, 10 commits each; writer {@code t} of {@code W} owns the streams {@code i % W == t} and
 * appends round-robin over them (commit 1 of all its streams, then commit 2, ...), so streams
 * interleave in the log. Each shape of {@code bench.writers} (1,16) waits for every append, in a fresh
 * store, after one warm-up of {@code bench.warmup} (20,000) commits; then 16 writers through
 * {@code appendAsync} ({@code bench.window}/16 in flight each), and the append latency at a steady
 * {@code bench.rate} (1,000/s) for {@code bench.seconds} (10; 0 skips it; {@code bench.async=false}
 * skips the appendAsync run). Lines starting with {@code RESULT} are for {@code bench/against-axon.sh}.
 */
public final class SqliteBenchmark {
    private static final int PAYLOAD_BYTES = 1024;
    private static final int COMMITS_PER_STREAM = 100;
    private static final ContextName CONTEXT = ContextName.of("bench");
    /** Appends in flight in the appendAsync runs, shared among the writers. */
    private static final int PIPELINE_WINDOW = Integer.getInteger("bench.window", 256);

    private SqliteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if ("axon".equals(System.getProperty("bench.workload", "standard"))) {
            axonWorkload();
            return;
        }
        SqliteSynchronous sync = SqliteSynchronous.valueOf(System.getProperty("bench.synchronous", "FULL"));
        int single = Integer.getInteger("bench.commits", 5000);
        int perWriter = Integer.getInteger("bench.perWriter", 2000);
        Path dir = Path.of(System.getProperty("bench.dir", "target/bench"), UUID.randomUUID().toString()).toAbsolutePath();
        SqliteStoreOptions options = SqliteStoreOptions.DEFAULT.withDirectory(dir).withSynchronous(sync);
        System.out.printf("contextbus-store-sqlite benchmark: synchronous=%s, %d cores, 1 KB single-event commits, file %s%n",
                sync, Runtime.getRuntime().availableProcessors(), options.fileFor(CONTEXT));
        System.out.printf("machine: load average %.1f; this disk: %.2f ms per 4 KB write + fsync (the floor of one durable commit)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                fsyncMillis(dir));
        System.out.printf("raw sqlite-jdbc, same schema and pragmas, one INSERT per autocommit transaction: %.2f ms each%n",
                rawInsertMillis(dir, sync));
        try (SqliteEventStore store = SqliteEventStore.open(options, CONTEXT)) {
            run(store, 1, Math.min(single, 500), 1, "warm-up");
            run(store, 1, Math.min(single, 500), PIPELINE_WINDOW, "warm-up-pipelined");
            GroupCommitWriter.Stats before = store.writerStats();
            report("append, 1 writer", single, run(store, 1, single, 1, "w1"));
            before = printGroups(store, before);
            report("append, 16 writers", 16L * perWriter, run(store, 16, perWriter, 1, "w16"));
            before = printGroups(store, before);
            report("appendAsync, 1 writer, <=" + PIPELINE_WINDOW + " in flight", 4L * single,
                    run(store, 1, 4 * single, PIPELINE_WINDOW, "p1"));
            before = printGroups(store, before);
            report("appendAsync, 16 writers, <=" + PIPELINE_WINDOW / 16 + " each", 16L * perWriter,
                    run(store, 16, perWriter, PIPELINE_WINDOW / 16, "p16"));
            printGroups(store, before);
            latencyAtFixedRate(store, Integer.getInteger("bench.rate", 1000), 10, 500);
            for (int round = 1; round <= 3; round++) {
                long start = System.nanoTime();
                long read = readAll(store);
                report("read-all, pass " + round + " (pages of 1000)", read, System.nanoTime() - start);
            }
        }
    }

    /**
     * Appends {@code perWriter} commits from each of {@code writers} threads, each keeping up to
     * {@code window} appends in flight (1: {@code append}, waiting for each); returns elapsed nanos.
     */
    private static long run(SqliteEventStore store, int writers, int perWriter, int window, String tag) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int w = 0; w < writers; w++) {
                String prefix = tag + "-" + w + "-" + UUID.randomUUID();
                futures.add(pool.submit(() -> window == 1
                        ? appendMany(store, prefix, perWriter) : appendPipelined(store, prefix, perWriter, window)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Void appendMany(SqliteEventStore store, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            StreamId stream = StreamId.of(prefix + "-" + i / COMMITS_PER_STREAM);
            store.append(TestCommits.attemptWithPayload(stream, i % COMMITS_PER_STREAM + 1, PAYLOAD_BYTES));
        }
        return null;
    }

    /** Keeps up to {@code window} appends in flight; every one of them is durable when this returns. */
    private static Void appendPipelined(SqliteEventStore store, String prefix, int count, int window) throws Exception {
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(window);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        for (int i = 0; i < count && failure.get() == null; i++) {
            StreamId stream = StreamId.of(prefix + "-" + i / COMMITS_PER_STREAM);
            slots.acquire();
            store.appendAsync(TestCommits.attemptWithPayload(stream, i % COMMITS_PER_STREAM + 1, PAYLOAD_BYTES))
                    .whenComplete((c, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                        slots.release();
                    });
        }
        slots.acquire(window);
        if (failure.get() != null) {
            throw new IllegalStateException("a pipelined append failed", failure.get());
        }
        return null;
    }

    /**
     * Appends at a fixed rate for {@code seconds} (16 threads, each append waited for) and prints
     * the append latency from its scheduled start: what a dispatcher or an inbox sees under load.
     */
    private static long[] latencyAtFixedRate(SqliteEventStore store, int perSecond, int seconds, int streams)
            throws Exception {
        int total = perSecond * seconds;
        long[] nanos = new long[total];
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<?>> futures = new ArrayList<>(total);
            long start = System.nanoTime();
            long interval = 1_000_000_000L / perSecond;
            String prefix = "rate-" + UUID.randomUUID();
            for (int i = 0; i < total; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) {
                    java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                }
                int n = i;
                futures.add(pool.submit(() -> {
                    StreamId stream = StreamId.of(prefix + "-" + n % streams);
                    store.append(TestCommits.attemptWithPayload(stream, n / streams + 1, PAYLOAD_BYTES));
                    nanos[n] = System.nanoTime() - due;
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        java.util.Arrays.sort(nanos);
        System.out.printf("%-36s %8d commits: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                "append latency at " + perSecond + "/s", total, nanos[total / 2] / 1e6, nanos[total * 99 / 100] / 1e6,
                nanos[total - 1] / 1e6);
        return new long[] {nanos[total / 2], nanos[total * 99 / 100], nanos[total - 1]};
    }

    /** The Axon baseline's workload; see the class comment. */
    private static void axonWorkload() throws Exception {
        int events = Integer.getInteger("bench.events", 100_000);
        int warmup = Integer.getInteger("bench.warmup", 20_000);
        int perStream = 10;
        int[] writerCounts = java.util.Arrays.stream(System.getProperty("bench.writers", "1,16").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rate = Integer.getInteger("bench.rate", 1000);
        int seconds = Integer.getInteger("bench.seconds", 10);
        Path root = Path.of(System.getProperty("bench.dir", "target/bench"), UUID.randomUUID().toString()).toAbsolutePath();
        SqliteStoreOptions options = SqliteStoreOptions.DEFAULT.withDirectory(root)
                .withSynchronous(SqliteSynchronous.valueOf(System.getProperty("bench.synchronous", "FULL")));
        System.out.printf("contextbus-store-sqlite, the Axon baseline's workload: %,d commits of one ~1 KB event,"
                + " %,d streams x %d, one commit per append, synchronous=%s, %d cores%n",
                events, events / perStream, perStream, options.synchronous(), Runtime.getRuntime().availableProcessors());
        System.out.printf("machine: load average %.1f; this disk: %.2f ms per 4 KB write + fsync%n", loadAverage(), fsyncMillis(root));
        if (warmup > 0) {
            try (SqliteEventStore store = SqliteEventStore.open(options.withDirectory(root.resolve("warm-up")), CONTEXT)) {
                appendInterleaved(store, warmup, perStream, 1, 1);
                appendInterleaved(store, warmup, perStream, 16, 1);
                appendInterleaved(store, warmup, perStream, 16, PIPELINE_WINDOW / 16);
            }
            System.out.printf("warm-up: %,d commits with 1 writer, 16 writers and 16 pipelined writers (not reported)%n", warmup);
        }
        for (int writers : writerCounts) {
            axonShape(options.withDirectory(root.resolve("w" + writers)), "append", events, perStream, writers, 1);
        }
        if (Boolean.parseBoolean(System.getProperty("bench.async", "true"))) {
            axonShape(options.withDirectory(root.resolve("p16")), "appendAsync", events, perStream, 16, PIPELINE_WINDOW / 16);
        }
        if (seconds <= 0) {
            return;
        }
        try (SqliteEventStore store = SqliteEventStore.open(options.withDirectory(root.resolve("rate")), CONTEXT)) {
            long[] p = latencyAtFixedRate(store, rate, seconds, events / perStream);
            System.out.printf(java.util.Locale.ROOT, "RESULT latency rate=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f load=%.1f%n",
                    rate, p[0] / 1e6, p[1] / 1e6, p[2] / 1e6, loadAverage());
        }
    }

    private static void axonShape(SqliteStoreOptions options, String call, int events, int perStream, int writers,
            int window) throws Exception {
        try (SqliteEventStore store = SqliteEventStore.open(options, CONTEXT)) {
            GroupCommitWriter.Stats before = store.writerStats();
            long nanos = appendInterleaved(store, events, perStream, writers, window);
            long stored = readAll(store);
            if (stored != events) {
                throw new IllegalStateException(call + " with " + writers + " writers stored " + stored + " of " + events);
            }
            report(call + ", " + writers + (writers == 1 ? " writer" : " writers") + (window == 1 ? " waiting" : ""),
                    events, nanos);
            GroupCommitWriter.Stats now = printGroups(store, before);
            System.out.printf(java.util.Locale.ROOT, "RESULT %s writers=%d commits_per_s=%.1f per_fsync=%.1f load=%.1f%n",
                    call, writers, events / (nanos / 1e9),
                    (double) (now.jobs() - before.jobs()) / Math.max(1, now.groups() - before.groups()), loadAverage());
        }
    }

    /**
     * {@code events} commits over {@code events / perStream} random-UUID streams from {@code writers}
     * threads, writer t owning the streams {@code i % writers == t} and appending round-robin over
     * them, each keeping up to {@code window} appends in flight; returns elapsed nanos.
     */
    private static long appendInterleaved(SqliteEventStore store, int events, int perStream, int writers, int window)
            throws Exception {
        StreamId[] streams = new StreamId[events / perStream];
        for (int i = 0; i < streams.length; i++) {
            streams[i] = StreamId.of(UUID.randomUUID().toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int me = w;
                futures.add(pool.submit(() -> {
                    go.await();
                    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(window);
                    java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
                    for (int seq = 1; seq <= perStream; seq++) {
                        for (int s = me; s < streams.length; s += writers) {
                            io.contextbus.model.CommitAttempt attempt =
                                    TestCommits.attemptWithPayload(streams[s], seq, PAYLOAD_BYTES);
                            if (window == 1) {
                                store.append(attempt);
                                continue;
                            }
                            slots.acquire();
                            store.appendAsync(attempt).whenComplete((c, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                                slots.release();
                            });
                        }
                    }
                    slots.acquire(window);
                    if (failure.get() != null) {
                        throw new IllegalStateException("a pipelined append failed", failure.get());
                    }
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** What SQLite alone charges for one durable commit of the same row, without this store. */
    private static double rawInsertMillis(Path dir, SqliteSynchronous sync) throws java.sql.SQLException {
        Path file = dir.resolve("raw.db");
        int rounds = 300;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=" + sync.name());
            SqliteSchema.create(c, CONTEXT, file);
            String events = io.contextbus.codec.CommitCodec.encodeEvents(
                    TestCommits.attemptWithPayload(StreamId.of("raw"), 1, PAYLOAD_BYTES).events());
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO cb_commits (stream_id, commit_sequence,"
                    + " stream_revision, commit_id, stamp_second, stamp_nano, headers, events) VALUES (?, ?, ?, ?, 0, 0, '{}', ?)")) {
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    ps.setString(1, "raw-" + i / COMMITS_PER_STREAM);
                    ps.setLong(2, i % COMMITS_PER_STREAM + 1);
                    ps.setLong(3, i % COMMITS_PER_STREAM + 1);
                    ps.setString(4, UUID.randomUUID().toString());
                    ps.setString(5, events);
                    ps.executeUpdate();
                }
                return (System.nanoTime() - start) / 1e6 / rounds;
            }
        }
    }

    /** The disk's price of durability: mean time of a 4 KB overwrite followed by fsync. */
    private static double fsyncMillis(Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        Path probe = dir.resolve("fsync-probe");
        int rounds = 300;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(probe,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer page = java.nio.ByteBuffer.allocate(4096);
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                page.clear();
                ch.write(page, (i % 16) * 4096L);
                ch.force(false);
            }
            return (System.nanoTime() - start) / 1e6 / rounds;
        } finally {
            java.nio.file.Files.deleteIfExists(probe);
        }
    }

    private static long readAll(SqliteEventStore store) {
        long count = 0;
        Position p = Position.BEGINNING;
        CommitPage page;
        while (!(page = store.readAll(p, 1000)).isEmpty()) {
            count += page.commits().size();
            p = page.next();
        }
        return count;
    }

    private static GroupCommitWriter.Stats printGroups(SqliteEventStore store, GroupCommitWriter.Stats before) {
        GroupCommitWriter.Stats now = store.writerStats();
        long groups = now.groups() - before.groups();
        long jobs = now.jobs() - before.jobs();
        System.out.printf("%-36s %8d transactions (fsyncs), %.1f commits per transaction%n", "",
                groups, groups == 0 ? 0.0 : (double) jobs / groups);
        return now;
    }

    private static void report(String what, long commits, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("%-36s %8d commits in %6.2f s = %,10.0f commits/s%n", what, commits, seconds, commits / seconds);
    }
}
