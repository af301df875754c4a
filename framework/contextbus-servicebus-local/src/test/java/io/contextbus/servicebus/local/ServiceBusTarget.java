package io.contextbus.servicebus.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;

import io.contextbus.testkit.MovableClock;
import io.contextbus.topology.Topology;

/**
 * Where the conformance suite runs: the namespace in env {@code CONTEXTBUS_SERVICEBUS_CONNECTION_STRING}
 * (the official emulator or Azure, holding the entities of {@code conformance.topology.json}), or
 * else a local broker started for the test class. Prints which one it targets. The suite
 * authenticates with a connection string only: with {@code CONTEXTBUS_SERVICEBUS_NAMESPACE} alone it
 * says so and runs locally (emulator-tests runs the system suite on a namespace with Entra ID); with
 * both set it fails naming both, as every reader of these variables does.
 */
final class ServiceBusTarget implements AutoCloseable {

    static final String ENV = "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING";
    static final String NAMESPACE_ENV = "CONTEXTBUS_SERVICEBUS_NAMESPACE";

    private final String connectionString;
    private final LocalServiceBus local;
    private final MovableClock clock;

    private ServiceBusTarget(String connectionString, LocalServiceBus local, MovableClock clock) {
        this.connectionString = connectionString;
        this.local = local;
        this.clock = clock;
    }

    static ServiceBusTarget start(String testClass) {
        String external = System.getenv(ENV);
        String namespace = System.getenv(NAMESPACE_ENV);
        boolean hasExternal = external != null && !external.isBlank();
        boolean hasNamespace = namespace != null && !namespace.isBlank();
        if (hasExternal && hasNamespace) {
            throw new IllegalStateException("Both " + NAMESPACE_ENV + " and " + ENV + " are set; set exactly one of them.");
        }
        if (hasExternal) {
            System.out.println("[conformance] " + testClass + " targets the namespace from " + ENV);
            return new ServiceBusTarget(external, null, null);
        }
        MovableClock clock = new MovableClock();
        LocalServiceBus bus = LocalServiceBus.builder().topology(topology()).clock(clock).start();
        System.out.println("[conformance] " + testClass + " targets the local broker on port " + bus.port()
                + (hasNamespace ? " (" + NAMESPACE_ENV + " is set, but this suite needs " + ENV + ")" : ""));
        return new ServiceBusTarget(bus.connectionString(), bus, clock);
    }

    /** A target over a local broker the test started itself. */
    static ServiceBusTarget local(LocalServiceBus bus) {
        return new ServiceBusTarget(bus.connectionString(), bus, null);
    }

    static Topology topology() {
        try (InputStream in = ServiceBusTarget.class.getResourceAsStream("/conformance.topology.json")) {
            return Topology.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String connectionString() {
        return connectionString;
    }

    boolean isLocal() {
        return local != null;
    }

    /** The local broker; only for tests that inspect or disturb it. */
    LocalServiceBus local() {
        if (local == null) {
            throw new IllegalStateException("This test needs the local broker.");
        }
        return local;
    }

    /** A client builder with short retry timings, so failures surface quickly. */
    ServiceBusClientBuilder client() {
        return new ServiceBusClientBuilder().connectionString(connectionString)
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(30)).setMaxRetries(3)
                        .setDelay(Duration.ofMillis(200)).setMaxDelay(Duration.ofSeconds(2)));
    }

    /** Moves the local broker's clock forward (time-dependent behaviour without waiting); no-op remotely. */
    void advanceClock(Duration by) {
        if (clock != null) {
            clock.advance(by);
        }
    }

    @Override
    public void close() {
        if (local != null) {
            local.close();
        }
    }
}
