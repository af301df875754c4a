package io.contextbus.replay.service;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.replay.service.implementation.ConfigReader;
import io.contextbus.replay.service.implementation.EnvironmentConfig;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the replay service is configured with, validated at construction: where it listens,
 * its bearer token (from the environment or a secret file, never the config file), where its
 * registry of replays lives (its own SQLite data file, or a Cosmos DB container shared by replicas),
 * how long a runner's lease on a replay lasts, the Service Bus connection, the contexts (each a
 * possible target; those with a store also a source), an optional topology file to check that a
 * target subscribes to each source, and pacing. Read one from a JSON file with {@link #load}, or
 * from the environment alone with {@link #fromEnvironment} (how it runs on Azure).
 */
public record ReplayServiceConfig(Http http, String authToken, Path dataFile, ServiceBus serviceBus,
                                  Map<ContextName, Context> contexts, Optional<Path> topologyFile, Pacing pacing,
                                  boolean resumeOnStart, Optional<CosmosStoreOptions> cosmosRegistry, Duration lease) {
    /** The Cosmos DB container of the registry (partition key {@code /id}). */
    public static final String REGISTRY_CONTAINER = "replay-service";
    /** How long a runner's lease on a replay lasts unless configured. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    public ReplayServiceConfig {
        ValidationException.requireNonNull(cosmosRegistry, "cosmosRegistry");
        ValidationException.requireNonNull(lease, "lease");
        ValidationException.require(lease.toMillis() >= 1000, "lease", "must be at least 1 second but was " + lease + ".");
        ValidationException.requireNonNull(http, "http");
        ValidationException.requireNonNull(authToken, "authToken");
        ValidationException.require(authToken.length() >= 16, "authToken", "must be at least 16 characters.");
        ValidationException.requireNonNull(dataFile, "dataFile");
        ValidationException.requireNonNull(serviceBus, "serviceBus");
        ValidationException.requireNonNull(topologyFile, "topologyFile");
        ValidationException.requireNonNull(pacing, "pacing");
        contexts = Map.copyOf(ValidationException.requireNonNull(contexts, "contexts"));
        ValidationException.require(!contexts.isEmpty(), "contexts", "must declare at least one context.");
    }

    /** A configuration whose registry is the SQLite {@code dataFile}, with the default lease. */
    public ReplayServiceConfig(Http http, String authToken, Path dataFile, ServiceBus serviceBus,
                               Map<ContextName, Context> contexts, Optional<Path> topologyFile, Pacing pacing,
                               boolean resumeOnStart) {
        this(http, authToken, dataFile, serviceBus, contexts, topologyFile, pacing, resumeOnStart, Optional.empty(),
                DEFAULT_LEASE);
    }

    /**
     * Reads a JSON config file; {@code env} supplies the token and connection string it names, and
     * the {@code CONTEXTBUS_*} variables complement it (a setting given in both with different
     * values is refused naming both).
     */
    public static ReplayServiceConfig load(Path file, Map<String, String> env) {
        return ConfigReader.read(file, env);
    }

    /**
     * The configuration the {@code CONTEXTBUS_*} environment variables give, without a file: what
     * the service runs with on Azure. The contexts come from the topology file
     * ({@code CONTEXTBUS_TOPOLOGY}); with {@code CONTEXTBUS_COSMOS_ENDPOINT} each source is read from
     * its container {@code events-<context>} and the registry lives in the container
     * {@value #REGISTRY_CONTAINER}. A missing or bad value is refused naming the variable.
     */
    public static ReplayServiceConfig fromEnvironment(Map<String, String> env) {
        return EnvironmentConfig.read(env);
    }

    public ReplayServiceConfig withHttp(Http value) {
        return new ReplayServiceConfig(value, authToken, dataFile, serviceBus, contexts, topologyFile, pacing, resumeOnStart,
                cosmosRegistry, lease);
    }

    public ReplayServiceConfig withPacing(Pacing value) {
        return new ReplayServiceConfig(http, authToken, dataFile, serviceBus, contexts, topologyFile, value, resumeOnStart,
                cosmosRegistry, lease);
    }

    public ReplayServiceConfig withResumeOnStart(boolean value) {
        return new ReplayServiceConfig(http, authToken, dataFile, serviceBus, contexts, topologyFile, pacing, value,
                cosmosRegistry, lease);
    }

    /** The registry in the Cosmos DB container {@value #REGISTRY_CONTAINER} of the options' account and database. */
    public ReplayServiceConfig withCosmosRegistry(CosmosStoreOptions value) {
        return new ReplayServiceConfig(http, authToken, dataFile, serviceBus, contexts, topologyFile, pacing, resumeOnStart,
                Optional.of(value), lease);
    }

    public ReplayServiceConfig withLease(Duration value) {
        return new ReplayServiceConfig(http, authToken, dataFile, serviceBus, contexts, topologyFile, pacing, resumeOnStart,
                cosmosRegistry, value);
    }

    /** Where the REST API listens, its largest accepted body, and its worker threads. */
    public record Http(String host, int port, int maxBodyBytes, int threads) {
        public static final Http DEFAULT = new Http("127.0.0.1", 8085, 64 * 1024, 4);

        public Http {
            ValidationException.requireNonNull(host, "http.host");
            ValidationException.require(port >= 0 && port <= 65535, "http.port", "must be from 0 to 65535 but was " + port + ".");
            ValidationException.require(maxBodyBytes >= 1024, "http.maxBodyBytes", "must be at least 1024 but was " + maxBodyBytes + ".");
            ValidationException.require(threads >= 1, "http.threads", "must be at least 1 but was " + threads + ".");
        }

        public Http withPort(int value) {
            return new Http(host, value, maxBodyBytes, threads);
        }

        public Http withHost(String value) {
            return new Http(value, port, maxBodyBytes, threads);
        }

        public Http withMaxBodyBytes(int value) {
            return new Http(host, port, value, threads);
        }
    }

    /**
     * The Service Bus connection: a connection string (local broker, emulator) or a fully qualified
     * namespace reached with {@code DefaultAzureCredential} (managed identity, workload identity...).
     */
    public record ServiceBus(Optional<String> connectionString, Optional<String> namespace) {
        public ServiceBus {
            ValidationException.requireNonNull(connectionString, "serviceBus.connectionString");
            ValidationException.requireNonNull(namespace, "serviceBus.namespace");
            ValidationException.require(connectionString.isPresent() != namespace.isPresent(), "serviceBus",
                    "must give exactly one of a connection string (through its environment variable) or a namespace.");
        }

        public static ServiceBus connectionString(String value) {
            return new ServiceBus(Optional.of(value), Optional.empty());
        }

        public static ServiceBus namespace(String fullyQualifiedNamespace) {
            return new ServiceBus(Optional.empty(), Optional.of(fullyQualifiedNamespace));
        }
    }

    /**
     * A context: its store when it can be a replay source (a SQLite directory or a Cosmos DB
     * container, at most one; a context without a store can only be a target), and the session
     * strategy its live publisher uses. Either store is opened read-only.
     */
    public record Context(Optional<Path> sqliteDirectory, Optional<CosmosStoreOptions> cosmos, SessionStrategy sessions) {
        public Context {
            ValidationException.requireNonNull(sqliteDirectory, "sqliteDirectory");
            ValidationException.requireNonNull(cosmos, "cosmos");
            ValidationException.require(sqliteDirectory.isEmpty() || cosmos.isEmpty(), "cosmos",
                    "cannot be given together with 'sqliteDirectory': a context has one store.");
            ValidationException.requireNonNull(sessions, "sessions");
        }

        /** A context with a SQLite store or none. */
        public Context(Optional<Path> sqliteDirectory, SessionStrategy sessions) {
            this(sqliteDirectory, Optional.empty(), sessions);
        }

        public static Context target() {
            return new Context(Optional.empty(), SessionStrategy.PER_STREAM);
        }

        public static Context sqliteSource(Path directory) {
            return new Context(Optional.of(directory), SessionStrategy.PER_STREAM);
        }

        /** A source whose store is a Cosmos DB container (the options' endpoint, database and container prefix). */
        public static Context cosmosSource(CosmosStoreOptions options) {
            return new Context(Optional.empty(), Optional.of(options), SessionStrategy.PER_STREAM);
        }

        /** Whether the context has a store, so it can be a replay source. */
        public boolean isSource() {
            return sqliteDirectory.isPresent() || cosmos.isPresent();
        }
    }

    /**
     * How fast and how wide replays send: commits/s shared by all replays (0 = unlimited) and the
     * burst, parallel lanes per replay, commits read per page (one durable progress write each),
     * commits per send call, replays at once, and retries of a transient send failure.
     */
    public record Pacing(long commitsPerSecond, long burst, int lanes, int pageSize, int chunkSize,
                         int maxConcurrentReplays, int sendRetries) {
        public static final Pacing DEFAULT = new Pacing(5_000, 1_000, 8, 1_000, 500, 2, 8);

        public Pacing {
            ValidationException.require(commitsPerSecond >= 0, "pacing.commitsPerSecond", "must be non-negative.");
            ValidationException.require(burst >= 1, "pacing.burst", "must be at least 1.");
            ValidationException.require(lanes >= 1 && lanes <= 256, "pacing.lanes", "must be from 1 to 256.");
            ValidationException.require(pageSize >= 1 && pageSize <= 10_000, "pacing.pageSize", "must be from 1 to 10000.");
            ValidationException.require(chunkSize >= 1, "pacing.chunkSize", "must be at least 1.");
            ValidationException.require(maxConcurrentReplays >= 1, "pacing.maxConcurrentReplays", "must be at least 1.");
            ValidationException.require(sendRetries >= 0, "pacing.sendRetries", "must be non-negative.");
        }

        public Pacing withCommitsPerSecond(long value) {
            return new Pacing(value, burst, lanes, pageSize, chunkSize, maxConcurrentReplays, sendRetries);
        }

        public Pacing withPageSize(int value) {
            return new Pacing(commitsPerSecond, burst, lanes, value, chunkSize, maxConcurrentReplays, sendRetries);
        }

        public Pacing withLanes(int value) {
            return new Pacing(commitsPerSecond, burst, value, pageSize, chunkSize, maxConcurrentReplays, sendRetries);
        }
    }
}
