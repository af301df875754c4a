package io.contextbus.samples.demo;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.demo.broker.BrokerService;
import io.contextbus.samples.runtime.ServiceSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes of one demo run, each a separate JVM bound to 127.0.0.1: the local Service Bus,
 * the four sample contexts (sharing a data directory, one SQLite file each; billing is the Spring
 * Boot one, started the same way) and the replay
 * service, with a fresh bearer token per run. Logs go to {@code <workDir>/logs}. {@link #close()}
 * stops everything it started, contexts first.
 */
public final class Cluster implements AutoCloseable {
    public static final List<String> CONTEXTS = List.of("ordering", "inventory", "shipping", "billing");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern REPLAY_LISTENING = Pattern.compile("replay-service listening on (\\S+)");

    private final Path workDir;
    private final Path dataDir;
    private final Path logDir;
    private final Path topology;
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
    private final Map<String, ChildProcess> contexts = new LinkedHashMap<>();
    private final List<ChildProcess> all = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private ChildProcess broker;
    private ChildProcess replay;
    private CarrierServer carrier;
    private String connectionString;
    private String brokerUrl;
    private String replayUrl;

    public Cluster(Path workDir, Path topology) {
        this.workDir = workDir.toAbsolutePath();
        this.dataDir = this.workDir.resolve("data");
        this.logDir = this.workDir.resolve("logs");
        this.topology = topology.toAbsolutePath();
    }

    /** True once {@link #close()} ran (at the end, or from the Ctrl-C hook). */
    public boolean isClosed() {
        return closed.get();
    }

    public String token() {
        return token;
    }

    public String brokerUrl() {
        return brokerUrl;
    }

    public String replayUrl() {
        return replayUrl;
    }

    public Path logDir() {
        return logDir;
    }

    /** The external carrier shipping pushes shipment statuses to. */
    CarrierServer carrier() {
        return carrier;
    }

    public String contextUrl(String context) {
        return "http://127.0.0.1:" + read(portFile(context));
    }

    public void start(Progress progress) throws IOException, InterruptedException {
        deleteRecursively(workDir);
        Files.createDirectories(dataDir);
        Files.createDirectories(logDir);
        broker = new ChildProcess("broker", logDir.resolve("broker.log"), BrokerService.class.getName(),
                List.of("--data-dir=" + dataDir, "--topology=" + topology), Map.of());
        all.add(broker);
        broker.start();
        String amqpPort = awaitFile(broker, dataDir.resolve("broker.amqp-port"));
        brokerUrl = "http://127.0.0.1:" + awaitFile(broker, dataDir.resolve("broker.http-port"));
        connectionString = "Endpoint=sb://localhost:" + amqpPort
                + ";SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true";
        progress.say("local Service Bus listening on 127.0.0.1:" + amqpPort + " (admin " + brokerUrl + ")");

        carrier = CarrierServer.start();
        progress.say("carrier (shipping's external status sink) listening on " + carrier.url());
        int replayPort = freePort();
        replayUrl = "http://127.0.0.1:" + replayPort;
        for (String c : CONTEXTS) {
            // the contexts' own catch-up at start stays off: the replays this run shows (and the
            // soak's faults) are the ones it asks for; ContextServiceCatchUpIT shows the catch-up
            List<String> args = new ArrayList<>(List.of("--data-dir=" + dataDir, "--topology=" + topology,
                    "--connection-string=" + connectionString, "--replay-url=" + replayUrl, "--catch-up=off"));
            if (c.equals("shipping")) {
                args.add("--carrier-url=" + carrier.url());
            }
            ChildProcess p = new ChildProcess(c, logDir.resolve(c + ".log"),
                    "io.contextbus.samples." + c + ".service." + Character.toUpperCase(c.charAt(0)) + c.substring(1) + "Service",
                    args, Map.of("CONTEXTBUS_REPLAY_TOKEN", token));
            contexts.put(c, p);
            all.add(p);
            p.start();
        }
        for (String c : CONTEXTS) {
            progress.say(c + " listening on " + "http://127.0.0.1:" + awaitFile(contexts.get(c), portFile(c)));
        }
        startReplay(replayPort);
        progress.say("replay service listening on " + replayUrl);
        progress.say("live status page " + replayUrl + "/status (paste this run's token: " + token + ")");
    }

    private void startReplay(int port) throws IOException, InterruptedException {
        Path dir = workDir.resolve("replay");
        Files.createDirectories(dir);
        Map<String, Object> sources = new LinkedHashMap<>();
        // The replay service must spread streams over sessions exactly as the live publishers do.
        CONTEXTS.forEach(c -> sources.put(c, Map.of("sqlite", dataDir.toString(),
                "sessions", "buckets:" + ServiceSettings.DEFAULT_SESSION_BUCKETS)));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("http", Map.of("host", "127.0.0.1", "port", port));
        config.put("dataFile", dir.resolve("replays.db").toString());
        config.put("serviceBus", Map.of());
        config.put("contexts", sources);
        config.put("topologyFile", topology.toString());
        config.put("resumeOnStart", false);
        Path file = dir.resolve("replay-config.json");
        Files.writeString(file, ContractJson.write(config), StandardCharsets.UTF_8);
        replay = new ChildProcess("replay", logDir.resolve("replay.log"), "io.contextbus.replay.service.ReplayServiceMain",
                // The status page's dead-letter counts come from the broker process's admin view.
                List.of("--config", file.toString(), "--broker-counts-url=" + brokerUrl + "/counts"),
                Map.of("CONTEXTBUS_REPLAY_TOKEN", token, "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", connectionString));
        all.add(replay);
        replay.start();
        awaitReplayListening(0);
    }

    /** Waits until the replay service's log says it listens for the {@code started + 1}th time. */
    private void awaitReplayListening(long started) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = REPLAY_LISTENING.matcher(Files.readString(replay.log(), StandardCharsets.UTF_8));
            if (m.results().count() > started) {
                return;
            }
            requireAlive(replay);
            Thread.sleep(200);
        }
        throw new IllegalStateException("replay service did not start within " + START_TIMEOUT + ":\n" + replay.tail(30));
    }

    /** The connection string of the local Service Bus (the same AMQP port across broker restarts). */
    public String connectionString() {
        return connectionString;
    }

    /** Kills the broker as in a crash (SIGKILL): every message, session and duplicate-detection record it held is lost. */
    public void killBroker() throws InterruptedException {
        broker.kill();
    }

    /**
     * Starts the broker again on the AMQP port the contexts know, with the topology re-created from
     * the topology file and nothing in it; its admin API gets a new port ({@link #brokerUrl()}).
     */
    public void startBroker() throws IOException, InterruptedException {
        String amqpPort = connectionString.replaceAll(".*sb://localhost:(\\d+);.*", "$1");
        Files.deleteIfExists(dataDir.resolve("broker.amqp-port"));
        Files.deleteIfExists(dataDir.resolve("broker.http-port"));
        all.remove(broker);
        broker = new ChildProcess("broker", logDir.resolve("broker.log"), BrokerService.class.getName(),
                List.of("--data-dir=" + dataDir, "--topology=" + topology, "--port=" + amqpPort), Map.of());
        all.add(broker);
        broker.start();
        awaitFile(broker, dataDir.resolve("broker.amqp-port"));
        brokerUrl = "http://127.0.0.1:" + awaitFile(broker, dataDir.resolve("broker.http-port"));
    }

    /** Kills the replay service as in a crash (SIGKILL): replays it was running stop where they were. */
    public void killReplay() throws InterruptedException {
        replay.kill();
    }

    /** Starts the replay service again with the same port, configuration and registry. */
    public void startReplay() throws IOException, InterruptedException {
        long started = REPLAY_LISTENING.matcher(Files.readString(replay.log(), StandardCharsets.UTF_8)).results().count();
        replay.start();
        awaitReplayListening(started);
    }

    /** Stops a context (SIGTERM: it closes its bus and store); returns its exit code. */
    public int stopContext(String context) {
        return contexts.get(context).stop();
    }

    /** Kills a context as in a crash (SIGKILL): nothing of it is closed. */
    public void killContext(String context) throws InterruptedException {
        contexts.get(context).kill();
    }

    public void startContext(String context) throws IOException, InterruptedException {
        Files.deleteIfExists(portFile(context));
        contexts.get(context).start();
        awaitFile(contexts.get(context), portFile(context));
    }

    /** The processes that died although nobody stopped them. */
    public List<String> crashed() {
        List<String> dead = new ArrayList<>();
        all.stream().filter(p -> !p.isAlive()).forEach(p -> dead.add(p.name() + " (" + p.log() + ")"));
        return dead;
    }

    private Path portFile(String context) {
        return dataDir.resolve(context + ".http-port");
    }

    private static String awaitFile(ChildProcess p, Path file) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> content = Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
            if (content.isPresent() && !content.get().isBlank()) {
                return content.get().trim();
            }
            requireAlive(p);
            Thread.sleep(100);
        }
        throw new IllegalStateException(p.name() + " did not start within " + START_TIMEOUT + " (no " + file + "):\n"
                + p.tail(30));
    }

    private static void requireAlive(ChildProcess p) {
        if (!p.isAlive()) {
            throw new IllegalStateException(p.name() + " exited while starting; its log " + p.log() + " ends with:\n"
                    + p.tail(30));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        contexts.values().forEach(ChildProcess::stop);
        if (replay != null) {
            replay.stop();
        }
        if (broker != null) {
            broker.stop();
        }
        if (carrier != null) {
            carrier.close();
        }
    }
}
