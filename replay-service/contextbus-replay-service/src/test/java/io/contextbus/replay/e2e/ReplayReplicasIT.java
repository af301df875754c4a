package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.models.PartitionKey;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ConfiguredSourceStores;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.replay.service.ReplayServiceMain;
import io.contextbus.replay.service.ReplayTransport;
import io.contextbus.replay.service.ServiceBusReplayTransport;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the replay service on one Cosmos DB registry and one broker (ADR 0015): each
 * replay is run by exactly one of them, each of its commits sent once; a runner that is killed
 * leaves a lease that expires, and the other instance takes the replay over from its cursor.
 */
@DisplayName("Replay service replicas: one runner per replay, and a dead runner's replay taken over")
class ReplayReplicasIT {
    static final int STREAMS = 30;
    static final int COMMITS = 5;
    static final int REPLAYS = 8;

    @TempDir
    Path dir;

    /** Sends through Service Bus and records, per replay, every commit this instance sent. */
    static final class CountingTransport implements ReplayTransport {
        final String name;
        final ReplayTransport sender;
        final Map<String, List<String>> sent = new ConcurrentHashMap<>();

        CountingTransport(String name, EndToEnd e2e) {
            this.name = name;
            this.sender = new ServiceBusReplayTransport(new ServiceBusClientBuilder().connectionString(e2e.bus.connectionString()),
                    c -> SessionStrategy.PER_STREAM);
        }

        @Override
        public void send(ContextName source, ContextName target, String replayId, List<Commit> commits) {
            sender.send(source, target, replayId, commits);
            List<String> ids = sent.computeIfAbsent(replayId, r -> java.util.Collections.synchronizedList(new ArrayList<>()));
            commits.forEach(c -> ids.add(c.streamId().value() + ":" + c.commitSequence()));
        }

        @Override
        public void close() {
            sender.close();
        }
    }

    private static ReplayService instance(EndToEnd e2e, ReplayServiceConfig config, CountingTransport transport) {
        return e2e.track(ReplayService.start(config, new ConfiguredSourceStores(config.contexts()), transport));
    }

    @Test
    @DisplayName("N replays posted to two instances: each replay's commits sent exactly once, by exactly one instance")
    void each_replay_runs_on_exactly_one_instance() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir); AzureEnvironment azure = new AzureEnvironment(e2e)) {
            // given: ordering's commits in Cosmos DB; two instances on the same registry and broker
            azure.append(EndToEnd.streams("order-", STREAMS), 1, COMMITS);
            ReplayServiceConfig config = ReplayServiceConfig.fromEnvironment(azure.variables()).withLease(Duration.ofSeconds(10))
                    .withPacing(ReplayServiceConfig.Pacing.DEFAULT.withPageSize(25));
            CountingTransport a = new CountingTransport("a", e2e);
            CountingTransport b = new CountingTransport("b", e2e);
            List<ReplayClient> clients = List.of(EndToEnd.client(instance(e2e, config, a)),
                    EndToEnd.client(instance(e2e, config, b)));

            // when: N replays are posted, alternately to each instance
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < REPLAYS; i++) {
                ids.add(clients.get(i % 2).submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING))).id());
            }
            for (String id : ids) {
                ReplayStatus done = Await.value(() -> clients.get(0).status(id).filter(s -> s.state().isTerminal()), PATIENCE,
                        "replay " + id + " finished");
                assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
                assertEquals((long) STREAMS * COMMITS, done.sent(), done.toString());
            }

            // then: every commit of every replay was sent exactly once, all by one instance
            Set<String> planned = new HashSet<>();
            for (int s = 0; s < STREAMS; s++) {
                for (int seq = 1; seq <= COMMITS; seq++) {
                    planned.add("order-" + s + ":" + seq);
                }
            }
            int byA = 0;
            for (String id : ids) {
                List<String> fromA = a.sent.getOrDefault(id, List.of());
                List<String> fromB = b.sent.getOrDefault(id, List.of());
                assertTrue(fromA.isEmpty() || fromB.isEmpty(), "replay " + id + " was sent by both instances: a="
                        + fromA.size() + " b=" + fromB.size());
                List<String> all = fromA.isEmpty() ? fromB : fromA;
                assertEquals(planned.size(), all.size(), "replay " + id + ": each commit sent once");
                assertEquals(planned, new HashSet<>(all), "replay " + id);
                byA += fromA.isEmpty() ? 0 : 1;
            }
            // and: the target's subscription received each replay MessageId once
            Await.until(() -> e2e.enqueued(SHIPPING) == (long) REPLAYS * STREAMS * COMMITS, PATIENCE,
                    "shipping's subscription received " + REPLAYS * STREAMS * COMMITS);
            System.out.println("[replicas] replays run by a=" + byA + " b=" + (REPLAYS - byA));
        }
    }

    @Test
    @DisplayName("a killed runner's replay is taken over by the other instance once its lease expires: exact counts")
    void a_killed_runners_replay_is_taken_over() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir); AzureEnvironment azure = new AzureEnvironment(e2e)) {
            int streams = 60;
            int commits = 10;
            azure.append(EndToEnd.streams("order-", streams), 1, commits);
            Map<String, String> env = new HashMap<>(azure.variables());
            env.put("CONTEXTBUS_REPLAY_LEASE", "PT5S");
            // A file with pacing only: contexts, registry and the rest come from the environment.
            Path pacing = Files.writeString(dir.resolve("pacing.json"),
                    "{\"pacing\": {\"commitsPerSecond\": 100, \"burst\": 20, \"pageSize\": 20, \"chunkSize\": 10, \"lanes\": 2}}");

            // given: a paced replay running in a second JVM, started as on Azure plus the pacing file
            Child first = Child.start(env, pacing, dir.resolve("first.err"));
            ReplayClient viaFirst = ReplayClient.create(first.uri, EndToEnd.TOKEN);
            String id = viaFirst.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING))).id();
            Await.until(() -> viaFirst.status(id).orElseThrow().sent() >= 100, PATIENCE,
                    "replay under way; stderr: " + ChildJvm.tail(dir.resolve("first.err")));
            // and: a second instance, in this JVM, on the same registry
            CountingTransport second = new CountingTransport("second", e2e);
            ReplayServiceConfig config = ReplayServiceConfig.load(pacing, env);
            ReplayClient viaSecond = EndToEnd.client(instance(e2e, config, second));
            assertTrue(second.sent.isEmpty(), "the second instance leaves a leased replay alone");

            // when: the runner is killed (no shutdown hook, its lease is not released)
            first.kill();

            // then: the second instance takes it over once the lease expired, and completes it with exact counts
            ReplayStatus done = Await.value(() -> viaSecond.status(id).filter(s -> s.state().isTerminal()), PATIENCE,
                    "replay taken over and finished");
            assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
            assertEquals(1, done.resumes(), done.toString());
            assertEquals((long) streams * commits, done.planned());
            assertEquals((long) streams * commits, done.sent(), "exact count");
            assertTrue(!second.sent.getOrDefault(id, List.of()).isEmpty(), "the second instance sent the rest");
            Await.until(() -> e2e.enqueued(SHIPPING) == (long) streams * commits, PATIENCE,
                    "shipping's subscription received each commit once (the page in flight re-sent, dropped as a duplicate)");
            assertEquals((long) streams * commits, e2e.enqueued(SHIPPING));
        }
    }

    @Test
    @DisplayName("a replay cancelled through the other instance stops on its runner; the broker holds exactly what was counted")
    void cancel_through_another_instance() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir); AzureEnvironment azure = new AzureEnvironment(e2e);
             CosmosClient look = azure.client()) {
            // given: a paced replay running on instance a
            azure.append(EndToEnd.streams("order-", STREAMS), 1, COMMITS);
            ReplayServiceConfig config = ReplayServiceConfig.fromEnvironment(azure.variables()).withLease(Duration.ofSeconds(10))
                    .withPacing(ReplayServiceConfig.Pacing.DEFAULT.withCommitsPerSecond(50).withPageSize(10));
            ReplayClient a = EndToEnd.client(instance(e2e, config, new CountingTransport("a", e2e)));
            ReplayClient b = EndToEnd.client(instance(e2e, config, new CountingTransport("b", e2e)));
            String id = a.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING))).id();
            Await.until(() -> a.status(id).orElseThrow().sent() >= 20, PATIENCE, "replay under way");

            // when: it is cancelled through instance b
            assertEquals(ReplayState.CANCELLED, b.cancel(id).orElseThrow().state());

            // then: its runner stops and gives up the lease, and the broker holds exactly the commits counted as sent
            Supplier<JsonNode> recorded = () -> look.getDatabase(azure.database)
                    .getContainer(ReplayServiceConfig.REGISTRY_CONTAINER)
                    .readItem(id, new PartitionKey(id), JsonNode.class).getItem();
            Await.until(() -> recorded.get().path("runner").isNull(), PATIENCE, "the runner released the cancelled replay");
            ReplayStatus cancelled = a.status(id).orElseThrow();
            assertEquals(ReplayState.CANCELLED, cancelled.state());
            assertTrue(cancelled.sent() < (long) STREAMS * COMMITS, cancelled.toString());
            Await.until(() -> e2e.enqueued(SHIPPING) == cancelled.sent(), PATIENCE,
                    "shipping's subscription holds the " + cancelled.sent() + " commits counted");
            assertEquals(cancelled.sent(), b.status(id).orElseThrow().sent(), "both instances report the same count");
        }
    }

    /** The replay service in its own JVM, started through its main class with the given environment. */
    record Child(Process process, URI uri) {
        static Child start(Map<String, String> env, Path config, Path stderr) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(ChildJvm.javaBinary(), "-Xmx256m",
                    "-DCOSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED=true",
                    "-cp", System.getProperty("java.class.path"), ReplayServiceMain.class.getName(), "--config", config.toString())
                    .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
            pb.environment().keySet().removeIf(k -> k.startsWith("CONTEXTBUS_"));
            pb.environment().putAll(env);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("replay-service listening on ")) {
                    return new Child(p, URI.create(line.substring("replay-service listening on ".length()).trim()));
                }
            }
            throw new AssertionError("replay service did not start; stderr: " + ChildJvm.tail(stderr));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "killed process exited");
        }
    }
}
