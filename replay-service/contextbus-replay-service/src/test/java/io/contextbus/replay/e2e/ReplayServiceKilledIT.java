package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.GapRepair;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.ReplayServiceMain;
import io.contextbus.replay.service.implementation.ConfigReader;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The replay service killed mid-replay (a second JVM) resumes on restart: exact counts, nothing applied twice")
class ReplayServiceKilledIT {
    static final int STREAMS = 300;
    static final int COMMITS = 10;

    @TempDir
    Path dir;

    @Test
    void killed_service_resumes_and_completes() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir)) {
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            e2e.append(streams, 1, COMMITS, 8);
            e2e.bus.purge(EndToEnd.subscription(SHIPPING));
            e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            Path config = writeConfig(e2e);

            // given: a paced replay running in a second JVM
            Service first = Service.start(config, e2e, dir.resolve("first.err"));
            ReplayClient client = ReplayClient.create(first.uri, EndToEnd.TOKEN);
            String id = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING))).id();
            Await.until(() -> client.status(id).orElseThrow().sent() >= 500, PATIENCE, "replay under way");

            // when: the process is killed (no shutdown hook runs) and started again
            first.kill();
            Service second = Service.start(config, e2e, dir.resolve("second.err"));
            try {
                ReplayClient again = ReplayClient.create(second.uri, EndToEnd.TOKEN);

                // then
                ReplayStatus done = Await.value(() -> again.status(id).filter(s -> s.state().isTerminal()), PATIENCE,
                        "resumed replay finished; stderr: " + ChildJvm.tail(dir.resolve("second.err")));
                assertEquals(ReplayState.COMPLETED, done.state(), done.toString());
                assertEquals(1, done.resumes());
                assertEquals((long) STREAMS * COMMITS, done.planned());
                assertEquals((long) STREAMS * COMMITS, done.sent(), "exact count");
                Map<String, String> expected = e2e.expected(streams);
                Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, expected), PATIENCE, "shipping converged");
                e2e.model(SHIPPING).assertMatches(ORDERING, expected);
                assertEquals((long) STREAMS * COMMITS, e2e.enqueued(SHIPPING),
                        "re-sent commits of the page in flight were dropped by duplicate detection (same replay MessageIds)");
            } finally {
                second.kill();
            }
        }
    }

    static Path writeConfig(EndToEnd e2e) throws IOException {
        Path config = e2e.dir.resolve("replay.json");
        String json = """
                {
                  "http": {"host": "127.0.0.1", "port": 0},
                  "dataFile": "replay-data/replays.db",
                  "topologyFile": "%s",
                  "pacing": {"commitsPerSecond": 600, "burst": 50, "lanes": 4, "pageSize": 50, "chunkSize": 25},
                  "contexts": {
                    "ordering": {"sqlite": "%s"},
                    "shipping": {},
                    "billing": {}
                  }
                }
                """.formatted(e2e.topologyFile().toString().replace("\\", "\\\\"), e2e.storeDir().toString().replace("\\", "\\\\"));
        Files.writeString(config, json);
        return config;
    }

    /** The replay service in its own JVM, started the way operators start it: main class, --config, env. */
    record Service(Process process, URI uri) {
        static Service start(Path config, EndToEnd e2e, Path stderr) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(ChildJvm.javaBinary(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    ReplayServiceMain.class.getName(), "--config", config.toString())
                    .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
            // Only the file and these two configure it: CONTEXTBUS_* variables of the build's environment would complement it.
            pb.environment().keySet().removeIf(k -> k.startsWith("CONTEXTBUS_"));
            pb.environment().put(ConfigReader.DEFAULT_TOKEN_ENV, EndToEnd.TOKEN);
            pb.environment().put(ConfigReader.DEFAULT_CONNECTION_ENV, e2e.bus.connectionString());
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("replay-service listening on ")) {
                    return new Service(p, URI.create(line.substring("replay-service listening on ".length()).trim()));
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
