package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;

import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Replays {@code streams x commits} commits (default 10,000 x 10 = 100,000) of {@code ordering}
 * into {@code shipping} through the local broker with the real SDK, and prints commits/s end to end:
 * sent (acknowledged by the broker) and applied (in shipping's inbox and read model). Run with
 * {@code mvn -B -q -pl replay-service/contextbus-replay-service -am test-compile -Dreplay.bench}.
 * Properties: {@code bench.streams}, {@code bench.commits}, {@code bench.lanes}, {@code bench.sessions}
 * ({@code buckets:<n>}, default {@code buckets:64}, or {@code per-stream}), {@code bench.prefetch} and {@code bench.idleMillis} (the consumer's
 * prefetch count and session idle timeout), {@code bench.consumerLate} (start the consumer only once the replay is
 * sent, to time the consumer alone), {@code bench.warmup} (streams replayed and applied first, on the
 * same paths, so the JIT has compiled them before the timed replay; default 10,000 streams, as many
 * as the timed replay: after 2,000 the C2 compiler still took a quarter of the CPU while it ran;
 * 0 skips it), {@code bench.rounds} (timed replays, each of {@code streams x commits} other commits;
 * default 3, the last is the figure: on 2 cores the C2 compiler is still busy for minutes, and each
 * round prints the JVM's CPU, JIT and GC time so that shows), {@code bench.dir}. It also prints the
 * gaps the consumer reported and the broker's deliveries (redeliveries show sessions handed over with
 * messages unsettled).
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int streams = Integer.getInteger("bench.streams", 10_000);
        int commits = Integer.getInteger("bench.commits", 10);
        int lanes = Integer.getInteger("bench.lanes", 8);
        String sessions = System.getProperty("bench.sessions", "buckets:64");
        int prefetch = Integer.getInteger("bench.prefetch", EndToEnd.CONSUMER.prefetchCount());
        Duration idle = Duration.ofMillis(Long.getLong("bench.idleMillis", EndToEnd.CONSUMER.sessionIdleTimeout().toMillis()));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"))), "replay");
        long total = (long) streams * commits;
        int warmStreams = Integer.getInteger("bench.warmup", 10_000);
        long warmTotal = (long) warmStreams * commits;
        int rounds = Integer.getInteger("bench.rounds", 3);
        try (EndToEnd e2e = new EndToEnd(dir)) {
            long t = System.nanoTime();
            e2e.append(EndToEnd.streams("warm-", warmStreams), 1, commits, 8);
            // every commit of a round is stamped after its cut and before the next round's cut
            List<Instant> cuts = new java.util.ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Instant cut = instantAfter(Instant.now());
                instantAfter(cut);
                cuts.add(cut);
                e2e.append(EndToEnd.streams("order-" + r + "-", streams), 1, commits, 8);
            }
            System.out.printf("setup: %d rounds of %d commits in %d streams (and %d warm-up commits) appended in %.1f s%n",
                    rounds, total, streams, warmTotal, seconds(t));
            e2e.bus.purge(EndToEnd.subscription(SHIPPING));
            LongAdder gaps = new LongAdder();
            boolean late = Boolean.getBoolean("bench.consumerLate");
            SessionStrategy strategy = io.contextbus.replay.service.implementation.ConfigReader.sessions(sessions, "bench.sessions");
            ConsumerOptions options = (strategy instanceof SessionStrategy.Buckets b
                    ? EndToEnd.CONSUMER.withSessionBuckets(b.count())
                    : EndToEnd.CONSUMER).withPrefetchCount(prefetch).withSessionIdleTimeout(idle);
            Supplier<ContextBus> consumer = () -> e2e.consumer(SHIPPING, gap -> gaps.increment(), options);
            ContextBus running = consumer.get();
            ReplayServiceConfig config = e2e.serviceConfig(new ReplayServiceConfig.Pacing(0, 1, lanes, 2_000, 500, 1, 8));
            Map<io.contextbus.model.ContextName, ReplayServiceConfig.Context> contexts = new java.util.HashMap<>(config.contexts());
            contexts.put(ORDERING, new ReplayServiceConfig.Context(Optional.of(e2e.storeDir()), strategy));
            ReplayService service = e2e.track(ReplayService.start(new ReplayServiceConfig(config.http(), config.authToken(),
                    config.dataFile(), config.serviceBus(), contexts, config.topologyFile(), config.pacing(), true)));
            ReplayClient client = EndToEnd.client(service);

            if (warmTotal > 0) {
                // The same work on other streams first, so the JIT has compiled the paths the figures time.
                long warm = System.nanoTime();
                replay(client, ReplayRequest.everything(SHIPPING, List.of(ORDERING)).withUntil(cuts.get(0)));
                awaitApplied(e2e, warmTotal);
                System.out.printf("warm-up (not a figure): %d commits replayed and applied in %.1f s%n", warmTotal,
                        seconds(warm));
            }
            System.out.printf("replays: sessions=%s lanes=%d consumer maxConcurrentSessions=%d prefetch=%d idle=%dms%n",
                    sessions, lanes, options.maxConcurrentSessions(), prefetch, idle.toMillis());
            List<double[]> figures = new java.util.ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                if (late) {
                    running.close();
                }
                ReplayRequest request = ReplayRequest.everything(SHIPPING, List.of(ORDERING)).withSince(cuts.get(r));
                if (r + 1 < rounds) {
                    request = request.withUntil(cuts.get(r + 1));
                }
                JvmWork jvm = JvmWork.now();
                long start = System.nanoTime();
                ReplayStatus done = replay(client, request);
                double sentSeconds = seconds(start);
                long consumerStart = System.nanoTime();
                if (late) {
                    running = consumer.get();
                }
                awaitApplied(e2e, warmTotal + (r + 1) * total);
                double appliedSeconds = seconds(start);
                double consumerSeconds = seconds(consumerStart);
                JvmWork used = JvmWork.now().minus(jvm);
                figures.add(new double[] {total / sentSeconds, total / appliedSeconds});
                System.out.printf("round %d: replay %s %s, %d/%d sent in %.1f s = %.0f commits/s; applied in %.1f s = %.0f"
                        + " commits/s%s; JVM: %.1f of %.1f core-seconds, JIT compiling %.1f s, GC %.1f s (%d collections)%n",
                        r + 1, done.id(), done.state(), done.sent(), done.planned(), sentSeconds, total / sentSeconds,
                        appliedSeconds, total / appliedSeconds,
                        late ? String.format(" (consumer alone: %.0f commits/s)", total / consumerSeconds) : "",
                        used.cpuSeconds(), appliedSeconds * Runtime.getRuntime().availableProcessors(), used.jitSeconds(),
                        used.gcSeconds(), used.collections());
            }
            EntityCounts subscription = e2e.bus.counts(EndToEnd.subscription(SHIPPING));
            System.out.printf("consumer: %d gaps reported; broker: %d deliveries (%d redeliveries), %d dead-lettered%n",
                    gaps.sum(), subscription.messagesDelivered(),
                    subscription.messagesDelivered() - rounds * total - warmTotal, subscription.deadLetterMessages());
            double[] last = figures.get(rounds - 1);
            System.out.printf("replay-service benchmark: %d commits across %d streams, round %d of %d: sent %.0f commits/s;"
                    + " applied %.0f commits/s (end to end); applied per round: %s%n", total, streams, rounds, rounds, last[0],
                    last[1], figures.stream().map(f -> String.format("%.0f", f[1])).toList());
        }
        System.exit(0);
    }

    /** Spins until the clock has moved past {@code t}; returns the first instant seen after it. */
    private static Instant instantAfter(Instant t) {
        Instant now = Instant.now();
        while (!now.isAfter(t)) {
            Thread.onSpinWait();
            now = Instant.now();
        }
        return now;
    }

    private static ReplayStatus replay(ReplayClient client, ReplayRequest request) {
        ReplayStatus accepted = client.submit(request);
        return Await.value(() -> client.status(accepted.id()).filter(s -> s.state().isTerminal()), Duration.ofMinutes(30),
                "replay finished");
    }

    /**
     * Waits until the consumer's inbox has applied {@code total} commits of ordering. Each poll sums the
     * inbox (about 1 ms of the 2 cores at 20,000 streams), so it sleeps for half the time the rest
     * should take at the rate seen so far: a few polls while far off, one every 5 ms at the end.
     */
    private static void awaitApplied(EndToEnd e2e, long total) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long first = applied(e2e);
        long since = System.nanoTime();
        for (long done = first; done < total; done = applied(e2e)) {
            long now = System.nanoTime();
            if (now > deadline) {
                throw new AssertionError("not all commits applied within 30 minutes: " + done);
            }
            double perNano = (done - first) / (double) Math.max(1, now - since);
            long restMillis = perNano > 0 ? (long) ((total - done) / perNano / 2e6) : 50;
            Thread.sleep(Math.max(5, Math.min(500, restMillis)));
        }
    }

    /** Commits applied: the inbox's last-applied sequences, summed (a few thousand integer rows: cheap to poll). */
    private static long applied(EndToEnd e2e) {
        return e2e.store(SHIPPING).read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COALESCE(SUM(last_applied), 0) FROM cb_inbox")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    /** Work the JVM has done so far: CPU of the whole process, JIT compiling, garbage collection. */
    private record JvmWork(double cpuSeconds, double jitSeconds, double gcSeconds, long collections) {
        static JvmWork now() {
            double cpu = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() / 1e9 : Double.NaN;
            double jit = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() / 1e3;
            double gc = 0;
            long collections = 0;
            for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
                gc += Math.max(0, b.getCollectionTime()) / 1e3;
                collections += Math.max(0, b.getCollectionCount());
            }
            return new JvmWork(cpu, jit, gc, collections);
        }

        JvmWork minus(JvmWork before) {
            return new JvmWork(cpuSeconds - before.cpuSeconds, jitSeconds - before.jitSeconds, gcSeconds - before.gcSeconds,
                    collections - before.collections);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
