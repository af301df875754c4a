package io.contextbus.store.cosmos;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The Cosmos DB account the tests use, one per JVM. By default the stand-in
 * ({@code src/test/cosmos-standin}: {@code @vercel/cosmosdb-server} 1.0.1 behind a compatibility
 * layer), started as {@code node server.js --port 0} on 127.0.0.1 and stopped when the JVM exits
 * (it also exits by itself when our end of its stdin closes). When {@code CONTEXTBUS_COSMOS_ENDPOINT}
 * (and {@code CONTEXTBUS_COSMOS_KEY}) are set, or the system properties {@value #ENDPOINT_PROPERTY}
 * and {@value #KEY_PROPERTY} (how a second JVM is pointed at the first one's stand-in), that
 * account or emulator is used instead. Other modules' tests use it through this module's test-jar,
 * which also carries the stand-in's files under {@code cosmos-standin/}: they unpack them, run
 * {@code npm ci} there and name the folder in the system property {@value #STANDIN_DIR_PROPERTY}
 * (see the replay service's pom).
 */
public final class CosmosTestTarget {
    /** The folder where the stand-in is installed ({@code server.js} and its {@code node_modules}). */
    public static final String STANDIN_DIR_PROPERTY = "contextbus.cosmos.standin.dir";
    static final String ENDPOINT_PROPERTY = "contextbus.cosmos.endpoint";
    static final String KEY_PROPERTY = "contextbus.cosmos.key";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static CosmosTestTarget instance;

    static {
        // The stand-in's bundled certificate is expired; the SDK always uses TLS.
        System.setProperty("COSMOS.EMULATOR_SERVER_CERTIFICATE_VALIDATION_DISABLED", "true");
    }

    private final String endpoint;
    private final String key;
    private final Process process;
    private final OutputStream commands;
    private final BlockingQueue<String> replies;

    private CosmosTestTarget(String endpoint, String key, Process process, BlockingQueue<String> replies) {
        this.endpoint = endpoint;
        this.key = key;
        this.process = process;
        this.replies = replies;
        this.commands = process == null ? null : process.getOutputStream();
    }

    /** The target of this JVM, starting the stand-in on first use. */
    public static synchronized CosmosTestTarget get() {
        if (instance == null) {
            instance = create();
        }
        return instance;
    }

    private static CosmosTestTarget create() {
        String endpoint = System.getProperty(ENDPOINT_PROPERTY, System.getenv("CONTEXTBUS_COSMOS_ENDPOINT"));
        if (endpoint != null && !endpoint.isBlank()) {
            String key = System.getProperty(KEY_PROPERTY, System.getenv("CONTEXTBUS_COSMOS_KEY"));
            System.out.println("[cosmos-tests] target=external endpoint=" + endpoint);
            return new CosmosTestTarget(endpoint, key, null, null);
        }
        return startStandIn();
    }

    private static CosmosTestTarget startStandIn() {
        File dir = new File(System.getProperty(STANDIN_DIR_PROPERTY, "target/cosmos-standin"));
        if (!new File(dir, "node_modules/@vercel/cosmosdb-server").isDirectory()) {
            throw new IllegalStateException("The Cosmos stand-in is not installed in " + dir.getAbsolutePath()
                    + " (system property " + STANDIN_DIR_PROPERTY + "); run the module's Maven build, which runs `npm ci` there.");
        }
        try {
            Process process = new ProcessBuilder("node", "server.js", "--port", "0")
                    .directory(dir).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] raw = new byte[48];
            new SecureRandom().nextBytes(raw);
            // Any key works with the stand-in; a random one keeps secrets out of the repository.
            CompletableFuture<Integer> port = new CompletableFuture<>();
            BlockingQueue<String> replies = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> readOutput(process, port, replies), "cosmos-standin-stdout");
            reader.setDaemon(true);
            reader.start();
            int p = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            String endpoint = "https://127.0.0.1:" + p + "/";
            CosmosTestTarget target = new CosmosTestTarget(endpoint, Base64.getEncoder().encodeToString(raw), process,
                    replies);
            Runtime.getRuntime().addShutdownHook(new Thread(target::stop, "cosmos-standin-stop"));
            System.out.println("[cosmos-tests] target=stand-in (@vercel/cosmosdb-server 1.0.1 + layer) endpoint="
                    + endpoint + " pid=" + process.pid());
            return target;
        } catch (Exception e) {
            throw new IllegalStateException("The Cosmos stand-in did not start within " + START_TIMEOUT, e);
        }
    }

    private static void readOutput(Process process, CompletableFuture<Integer> port, BlockingQueue<String> replies) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("LISTENING ")) {
                    port.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                } else {
                    replies.add(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("the stand-in exited before listening"));
    }

    /** The account endpoint, {@code https://127.0.0.1:<port>/} for the stand-in. */
    public String endpoint() {
        return endpoint;
    }

    /** The account key; for the stand-in a random one (it accepts any). */
    public String key() {
        return key;
    }

    /** Publishes endpoint and key as {@code contextbus.*} system properties, which second JVMs inherit. */
    void publishToChildJvms() {
        System.setProperty(ENDPOINT_PROPERTY, endpoint);
        if (key != null) {
            System.setProperty(KEY_PROPERTY, key);
        }
    }

    boolean isStandIn() {
        return process != null;
    }

    /** The next {@code count} matching requests answer {@code status} ({@code on}: batch, write, any). */
    void injectFaults(int status, int count, String on) {
        command("{\"cmd\":\"fault\",\"status\":" + status + ",\"count\":" + count + ",\"on\":\"" + on
                + "\",\"retryAfterMs\":1}");
    }

    void clearFaults() {
        command("{\"cmd\":\"clear\"}");
    }

    /** How many requests the faults armed since the last {@link #clearFaults()} answered. */
    int faultHits() {
        command("{\"cmd\":\"hits\"}");
        return lastHits;
    }

    private int lastHits;

    private synchronized void command(String json) {
        if (process == null) {
            throw new IllegalStateException("fault injection needs the stand-in; target is " + endpoint);
        }
        try {
            commands.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
            while (true) {
                String reply = replies.poll(30, TimeUnit.SECONDS);
                if (reply == null) {
                    throw new IllegalStateException("the stand-in did not acknowledge " + json);
                }
                if (reply.startsWith("HITS ")) {
                    lastHits = Integer.parseInt(reply.substring(5).trim());
                } else if (reply.startsWith("ACK")) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot talk to the stand-in", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        try {
            commands.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
