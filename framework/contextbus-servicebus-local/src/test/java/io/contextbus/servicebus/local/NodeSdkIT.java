package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.contextbus.topology.Topology;

/**
 * Other clients than the Java SDK against the local broker: the official Node SDK
 * ({@code @azure/service-bus}) and a plain AMQP 1.0 client ({@code rhea}), each running its own
 * {@code node --test} suite from {@code src/test/node} (installed by the build with {@code npm ci}).
 * A Node test that fails fails this test, and the Node output is printed either way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("The official Node SDK and a plain AMQP 1.0 client work against the local broker")
class NodeSdkIT {

    static final String DIR_PROPERTY = "contextbus.node.conformance.dir";
    private static final long SUITE_TIMEOUT_MINUTES = 10;

    private LocalServiceBus bus;
    private Path suiteDir;

    @BeforeAll
    void start() throws IOException {
        String dir = System.getProperty(DIR_PROPERTY);
        assertTrue(dir != null && Files.isDirectory(Path.of(dir, "node_modules")),
                "System property '" + DIR_PROPERTY + "' must name the directory the build ran npm ci in; was " + dir);
        suiteDir = Path.of(dir);
        try (InputStream in = NodeSdkIT.class.getResourceAsStream("/node.topology.json")) {
            Topology topology = Topology.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            bus = LocalServiceBus.builder().topology(topology).host("127.0.0.1").start();
        }
        System.out.println("[node] local broker on port " + bus.port());
    }

    @AfterAll
    void stop() {
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    @DisplayName("the @azure/service-bus suite passes (send, sessions, settlements, dead-letter, peek, schedule, rules)")
    void officialNodeSdk() {
        assertNodeSuitePasses("servicebus.test.js");
    }

    @Test
    @DisplayName("the rhea suite passes (queue and subscription without $cbs; unsupported features refused)")
    void plainAmqpClient() {
        assertNodeSuitePasses("plain-amqp.test.js");
    }

    private void assertNodeSuitePasses(String file) {
        ProcessBuilder builder = new ProcessBuilder(List.of("node", "--test", "--test-concurrency=1",
                "--test-reporter=spec", file)).directory(suiteDir.toFile()).redirectErrorStream(true);
        builder.environment().put("CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", bus.connectionString());
        builder.environment().remove("CONTEXTBUS_SERVICEBUS_NAMESPACE");
        try {
            Process process = builder.start();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> copy(process.getInputStream(), output), "node-output-" + file);
            pump.start();
            boolean exited = process.waitFor(SUITE_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            pump.join();
            String text = output.toString(StandardCharsets.UTF_8);
            System.out.println("[node] " + file + " output:\n" + text);
            assertTrue(exited, "node --test " + file + " did not finish within " + SUITE_TIMEOUT_MINUTES
                    + " minutes:\n" + text);
            assertEquals(0, process.exitValue(), "node --test " + file + " failed:\n" + text);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run node --test " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running node --test " + file, e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            out.writeBytes(("\n[output lost: " + e + "]").getBytes(StandardCharsets.UTF_8));
        }
    }
}
