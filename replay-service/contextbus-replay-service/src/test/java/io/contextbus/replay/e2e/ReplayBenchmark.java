package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;

import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replays {@code streams x commits} commits (default 10,000 x 10 = 100,000) of {@code ordering}
 * into {@code shipping} through the local broker with the real SDK, and prints commits/s end to end:
 * sent (acknowledged by the broker) and applied (in shipping's inbox and read model). Run with
 * {@code mvn -B -q -pl replay-service/contextbus-replay-service -am test-compile -Dreplay.bench}.
 * Properties: {@code bench.streams}, {@code bench.commits}, {@code bench.lanes}, {@code bench.sessions}
 * ({@code per-stream} or {@code buckets:<n>}), {@code bench.prefetch} and {@code bench.idleMillis} (the consumer's
 * prefetch count and session idle timeout), {@code bench.consumerLate} (start the consumer only once the replay is
 * sent, to time the consumer alone), {@code bench.dir}. It also prints the gaps the consumer reported and the
 * broker's deliveries (redeliveries show sessions handed over with messages unsettled).
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int streams = Integer.getInteger("bench.streams", 10_000);
        int commits = Integer.getInteger("bench.commits", 10);
        int lanes = Integer.getInteger("bench.lanes", 8);
        String sessions = System.getProperty("bench.sessions", "per-stream");
        int prefetch = Integer.getInteger("bench.prefetch", EndToEnd.CONSUMER.prefetchCount());
        Duration idle = Duration.ofMillis(Long.getLong("bench.idleMillis", EndToEnd.CONSUMER.sessionIdleTimeout().toMillis()));
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"))), "replay");
        long total = (long) streams * commits;
        try (EndToEnd e2e = new EndToEnd(dir)) {
            List<StreamId> ids = EndToEnd.streams("order-", streams);
            long t = System.nanoTime();
            e2e.append(ids, 1, commits, 8);
            System.out.printf("setup: %d commits in %d streams appended in %.1f s%n", total, streams, seconds(t));
            e2e.bus.purge(EndToEnd.subscription(SHIPPING));
            LongAdder gaps = new LongAdder();
            boolean late = Boolean.getBoolean("bench.consumerLate");
            Runnable consumer = () -> e2e.consumer(SHIPPING, gap -> gaps.increment(),
                    EndToEnd.CONSUMER.withPrefetchCount(prefetch).withSessionIdleTimeout(idle));
            if (!late) {
                consumer.run();
            }
            ReplayServiceConfig config = e2e.serviceConfig(new ReplayServiceConfig.Pacing(0, 1, lanes, 2_000, 500, 1, 8));
            Map<io.contextbus.model.ContextName, ReplayServiceConfig.Context> contexts = new java.util.HashMap<>(config.contexts());
            contexts.put(ORDERING, new ReplayServiceConfig.Context(Optional.of(e2e.storeDir()),
                    io.contextbus.replay.service.internal.ConfigReader.sessions(sessions, "bench.sessions")));
            ReplayService service = e2e.track(ReplayService.start(new ReplayServiceConfig(config.http(), config.authToken(),
                    config.dataFile(), config.serviceBus(), contexts, config.topologyFile(), config.pacing(), true)));
            ReplayClient client = EndToEnd.client(service);

            long start = System.nanoTime();
            ReplayStatus accepted = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING)));
            ReplayStatus done = Await.value(() -> client.status(accepted.id()).filter(s -> s.state().isTerminal()),
                    Duration.ofMinutes(30), "replay finished");
            double sentSeconds = seconds(start);
            long consumerStart = System.nanoTime();
            if (late) {
                consumer.run();
            }
            // Polled slowly: the count scans the read model and should not compete with the run it measures.
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (applied(e2e) < total) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not all commits applied within 30 minutes: " + applied(e2e));
                }
                Thread.sleep(100);
            }
            double appliedSeconds = seconds(start);
            double consumerSeconds = seconds(consumerStart);
            EntityCounts subscription = e2e.bus.counts(EndToEnd.subscription(SHIPPING));
            System.out.printf("replay %s: %s, %d/%d commits sent, sessions=%s lanes=%d consumer prefetch=%d idle=%dms%n",
                    done.id(), done.state(), done.sent(), done.planned(), sessions, lanes, prefetch, idle.toMillis());
            System.out.printf("consumer: %d gaps reported; broker: %d deliveries (%d redeliveries), %d dead-lettered%n",
                    gaps.sum(), subscription.messagesDelivered(), subscription.messagesDelivered() - total,
                    subscription.deadLetterMessages());
            System.out.printf("replay-service benchmark: %d commits across %d streams: sent in %.1f s = %.0f commits/s;"
                    + " applied in %.1f s = %.0f commits/s (end to end)%n", total, streams, sentSeconds, total / sentSeconds,
                    appliedSeconds, total / appliedSeconds);
            if (late) {
                System.out.printf("consumer alone (started once the replay was sent): applied in %.1f s = %.0f commits/s%n",
                        consumerSeconds, total / consumerSeconds);
            }
        }
        System.exit(0);
    }

    private static long applied(EndToEnd e2e) {
        return e2e.store(SHIPPING).read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COALESCE(SUM(LENGTH(fold) - LENGTH(REPLACE(fold, ',', '')) + 1), 0) FROM rm_fold")) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
