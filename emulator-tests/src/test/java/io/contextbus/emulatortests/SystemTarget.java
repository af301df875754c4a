package io.contextbus.emulatortests;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClient;
import com.azure.messaging.servicebus.administration.ServiceBusAdministrationClientBuilder;
import io.contextbus.codec.CommitLimits;
import io.contextbus.servicebus.ContextBusBuilder;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.store.cosmos.CosmosTestTarget;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.topology.EmulatorConfig;
import io.contextbus.topology.EmulatorLimitViolation;
import io.contextbus.topology.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The Service Bus namespace and Cosmos DB account the system suite runs against, chosen by
 * {@link TargetSettings} and started once per JVM: the local broker and the Cosmos stand-in
 * ({@code local}), the official emulators in Docker ({@code emulators}), or a real namespace and
 * account ({@code azure}). The suite talks to it only through the Azure SDK and contextbus' public
 * API, so the same tests run on all three. Live targets are checked against the topology through
 * the administration client before any test runs.
 */
final class SystemTarget {
    static final String TOPOLOGY_RESOURCE = "/emulator-tests.topology.json";
    private static SystemTarget instance;

    private final TargetSettings settings;
    private final Topology topology;
    private final String serviceBusConnectionString;
    private final String cosmosEndpoint;
    private final String cosmosKey;
    /** Unique per JVM: every stream id and local container carries it, since real entities outlive a run. */
    private final String runId = UUID.randomUUID().toString().substring(0, 8);

    private SystemTarget(TargetSettings settings, Topology topology, String serviceBusConnectionString,
                         String cosmosEndpoint, String cosmosKey) {
        this.settings = settings;
        this.topology = topology;
        this.serviceBusConnectionString = serviceBusConnectionString;
        this.cosmosEndpoint = cosmosEndpoint;
        this.cosmosKey = cosmosKey;
    }

    /** The suite's topology file: what the local broker holds and the emulator's Config.json is made of. */
    static Topology topology() {
        try (InputStream in = SystemTarget.class.getResourceAsStream(TOPOLOGY_RESOURCE)) {
            return Topology.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The target of this JVM, started on first use (stopped when the JVM exits). */
    static synchronized SystemTarget get() {
        if (instance == null) {
            instance = start(TargetSettings.fromEnvironment());
            System.out.println("[emulator-tests] " + instance.describe());
        }
        return instance;
    }

    private static SystemTarget start(TargetSettings settings) {
        Topology topology = topology();
        return switch (settings.kind()) {
            case LOCAL -> startLocal(settings, topology);
            case EMULATORS -> startEmulators(settings, topology);
            case AZURE -> connectAzure(settings, topology);
        };
    }

    private static SystemTarget startLocal(TargetSettings settings, Topology topology) {
        LocalBus bus = LocalBus.start(topology);
        Runtime.getRuntime().addShutdownHook(new Thread(bus::close, "emulator-tests-local-bus"));
        CosmosTestTarget cosmos = CosmosTestTarget.get();
        return new SystemTarget(settings, topology, bus.connectionString(), cosmos.endpoint(), cosmos.key());
    }

    private static SystemTarget startEmulators(TargetSettings settings, Topology topology) {
        List<EmulatorLimitViolation> errors = topology.checkEmulatorLimits().stream()
                .filter(v -> v.severity() == EmulatorLimitViolation.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            throw new IllegalStateException("The emulator would refuse the suite's topology: " + errors);
        }
        EmulatorConfig config = topology.toEmulatorConfig();
        config.adjustments().forEach(a -> System.out.println("[emulator-tests] emulator Config.json: " + a));
        EmulatorContainers containers = EmulatorContainers.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(containers::close, "emulator-tests-containers"));
        Topology onEmulator = Topology.parse(config.json());
        requireEntities(onEmulator, containers.administrationClient(), "the Service Bus emulator");
        return new SystemTarget(settings, topology, containers.serviceBusConnectionString(), containers.cosmosEndpoint(),
                containers.cosmosKey());
    }

    private static SystemTarget connectAzure(TargetSettings settings, Topology topology) {
        SystemTarget target = new SystemTarget(settings, topology, settings.connectionString().orElse(null),
                settings.cosmosEndpoint().orElseThrow(), settings.cosmosKey().orElse(null));
        ServiceBusAdministrationClientBuilder admin = new ServiceBusAdministrationClientBuilder();
        if (settings.connectionString().isPresent()) {
            admin.connectionString(settings.connectionString().get());
        } else {
            admin.credential(settings.namespace().orElseThrow(), new DefaultAzureCredentialBuilder().build());
        }
        requireEntities(topology, admin.buildClient(), settings.namespace().orElse("the namespace of "
                + TargetSettings.CONNECTION_STRING));
        return target;
    }

    private static void requireEntities(Topology expected, ServiceBusAdministrationClient admin, String where) {
        List<String> differences = EntityCheck.differences(expected, EntityCheck.of(admin));
        if (!differences.isEmpty()) {
            throw new IllegalStateException(where + " does not hold the suite's topology (" + TOPOLOGY_RESOURCE
                    + "): " + String.join("; ", differences));
        }
    }

    String describe() {
        return "target=" + settings.kind().name().toLowerCase(java.util.Locale.ROOT) + " run=" + runId
                + " servicebus=" + settings.namespace().orElse(serviceBusConnectionString == null ? "?"
                : serviceBusConnectionString.replaceAll("SharedAccessKey=[^;]*", "SharedAccessKey=(redacted)"))
                + " cosmos=" + cosmosEndpoint;
    }

    TargetSettings.Kind kind() {
        return settings.kind();
    }

    Topology suiteTopology() {
        return topology;
    }

    /** A stream id no other run and no other test used: {@code <run>-<name>}. */
    String stream(String name) {
        return runId + "-" + name;
    }

    /** Connects a context bus to the target: connection string, or namespace with DefaultAzureCredential. */
    <T> ContextBusBuilder<T> connect(ContextBusBuilder<T> builder) {
        ContextBusBuilder<T> b = serviceBusConnectionString != null ? builder.connectionString(serviceBusConnectionString)
                : builder.credential(settings.namespace().orElseThrow());
        return b.topology(topology).clientRetryOptions(retry());
    }

    /** A plain SDK client builder for the target, for the test's own senders and receivers. */
    ServiceBusClientBuilder client() {
        ServiceBusClientBuilder b = new ServiceBusClientBuilder().retryOptions(retry());
        return serviceBusConnectionString != null ? b.connectionString(serviceBusConnectionString)
                : b.credential(settings.namespace().orElseThrow(), new DefaultAzureCredentialBuilder().build());
    }

    private static AmqpRetryOptions retry() {
        return new AmqpRetryOptions().setMaxRetries(3).setDelay(Duration.ofMillis(500))
                .setMaxDelay(Duration.ofSeconds(10)).setTryTimeout(Duration.ofSeconds(30));
    }

    /**
     * Cosmos DB store options for the target. Local and emulator: containers with a prefix of their
     * own, created on open. Azure: the agreed containers ({@code events-<context>}), never created
     * (Bicep creates them; data-plane RBAC cannot).
     */
    CosmosStoreOptions cosmosOptions(String testName) {
        CosmosStoreOptions.Builder b = CosmosStoreOptions.builder().endpoint(cosmosEndpoint)
                .database(settings.cosmosDatabase()).limits(CommitLimits.STANDARD).retry(3, Duration.ofMillis(50));
        if (cosmosKey != null) {
            b.key(cosmosKey);
        } else {
            b.credential(new DefaultAzureCredentialBuilder().build());
        }
        if (settings.kind() == TargetSettings.Kind.AZURE) {
            return b.createIfMissing(false).build();
        }
        return b.containerPrefix("events-" + runId + "-" + testName + "-").build();
    }

    /** The replay service's Service Bus setting for this target (it sends through {@link #client()}). */
    ReplayServiceConfig.ServiceBus replayServiceBus() {
        return serviceBusConnectionString != null ? ReplayServiceConfig.ServiceBus.connectionString(serviceBusConnectionString)
                : ReplayServiceConfig.ServiceBus.namespace(settings.namespace().orElseThrow());
    }
}
