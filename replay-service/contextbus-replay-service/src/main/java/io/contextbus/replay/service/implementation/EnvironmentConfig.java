package io.contextbus.replay.service.implementation;

import com.azure.identity.DefaultAzureCredentialBuilder;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import io.contextbus.topology.SubscriptionDefinition;
import io.contextbus.topology.TopicDefinition;
import io.contextbus.topology.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The replay service's configuration from the repository's {@code CONTEXTBUS_*} environment
 * variables (the names the Bicep sets on the container app), alone or complementing a config file.
 * Every error names the variable. Not part of the API.
 */
public final class EnvironmentConfig {
    public static final String NAMESPACE = "CONTEXTBUS_SERVICEBUS_NAMESPACE";
    public static final String CONNECTION_STRING = "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING";
    public static final String COSMOS_ENDPOINT = "CONTEXTBUS_COSMOS_ENDPOINT";
    public static final String COSMOS_KEY = "CONTEXTBUS_COSMOS_KEY";
    public static final String COSMOS_DATABASE = "CONTEXTBUS_COSMOS_DATABASE";
    public static final String DATA_DIR = "CONTEXTBUS_DATA_DIR";
    public static final String STORE = "CONTEXTBUS_STORE";
    public static final String TOPOLOGY = "CONTEXTBUS_TOPOLOGY";
    public static final String HTTP_PORT = "CONTEXTBUS_HTTP_PORT";
    public static final String HTTP_BIND = "CONTEXTBUS_HTTP_BIND";
    public static final String TOKEN = "CONTEXTBUS_REPLAY_TOKEN";
    public static final String LEASE = "CONTEXTBUS_REPLAY_LEASE";
    public static final String SESSIONS = "CONTEXTBUS_REPLAY_SESSIONS";
    /** The Cosmos DB database unless {@value #COSMOS_DATABASE} names another. */
    public static final String DEFAULT_DATABASE = "contextbus";

    private final Map<String, String> env;

    private EnvironmentConfig(Map<String, String> env) {
        this.env = ValidationException.requireNonNull(env, "env");
    }

    /** The whole configuration from the environment alone. */
    public static ReplayServiceConfig read(Map<String, String> env) {
        EnvironmentConfig e = new EnvironmentConfig(env);
        String token = e.value(TOKEN).orElseThrow(() -> missing(TOKEN, "the bearer token (at least 16 characters)"));
        if (token.length() < 16) {
            throw new ValidationException(TOKEN, "'" + TOKEN + "' must be at least 16 characters.");
        }
        Path topologyFile = e.topology().orElseThrow(() -> missing(TOPOLOGY, "the topology file's path"));
        ReplayServiceConfig.ServiceBus serviceBus = e.serviceBus().orElseThrow(() -> new ValidationException(NAMESPACE,
                "'" + NAMESPACE + "' or '" + CONNECTION_STRING + "' must be set: the namespace host name on Azure,"
                        + " a connection string locally."));
        Optional<CosmosStoreOptions> cosmos = e.cosmos();
        Optional<Path> dataDir = e.value(DATA_DIR).map(Path::of);
        if (cosmos.isEmpty() && dataDir.isEmpty()) {
            throw new ValidationException(COSMOS_ENDPOINT, "'" + COSMOS_ENDPOINT + "' (the sources' and the registry's"
                    + " Cosmos DB account) or '" + DATA_DIR + "' (their SQLite folder) must be set.");
        }
        Map<ContextName, ReplayServiceConfig.Context> contexts = contextsOf(Topology.read(topologyFile), cosmos, dataDir,
                e.sessions());
        ReplayServiceConfig.Http http = ReplayServiceConfig.Http.DEFAULT;
        http = http.withPort(e.port().orElse(http.port())).withHost(e.value(HTTP_BIND).orElse(http.host()));
        Path dataFile = dataDir.orElse(Path.of(".")).resolve("replay-service").resolve("replays.db");
        return new ReplayServiceConfig(http, token, dataFile, serviceBus, contexts, Optional.of(topologyFile),
                ReplayServiceConfig.Pacing.DEFAULT, true, cosmos.map(EnvironmentConfig::registryOptions),
                e.lease().orElse(ReplayServiceConfig.DEFAULT_LEASE));
    }

    /**
     * The file's configuration complemented by the environment: a variable fills in what the file
     * leaves out; a setting given in both with different values is refused naming both.
     * {@code fileHas} says which settings the file gave (by their file field names).
     */
    public static ReplayServiceConfig complement(ReplayServiceConfig file, Predicate<String> fileHas,
                                                 Map<String, String> env) {
        EnvironmentConfig e = new EnvironmentConfig(env);
        ReplayServiceConfig c = file;
        Optional<Integer> port = e.port();
        if (port.isPresent()) {
            requireSame(fileHas.test("http.port"), c.http().port(), port.get(), "http.port", HTTP_PORT);
            c = c.withHttp(c.http().withPort(port.get()));
        }
        Optional<String> bind = e.value(HTTP_BIND);
        if (bind.isPresent()) {
            requireSame(fileHas.test("http.host"), c.http().host(), bind.get(), "http.host", HTTP_BIND);
            c = c.withHttp(c.http().withHost(bind.get()));
        }
        Optional<Path> topology = e.topology();
        if (topology.isPresent()) {
            requireSame(fileHas.test("topologyFile"), c.topologyFile().map(Path::toAbsolutePath).orElse(null),
                    topology.get().toAbsolutePath(), "topologyFile", TOPOLOGY);
            c = new ReplayServiceConfig(c.http(), c.authToken(), c.dataFile(), c.serviceBus(), c.contexts(), topology,
                    c.pacing(), c.resumeOnStart(), c.cosmosRegistry(), c.lease());
        }
        Optional<String> namespace = e.value(NAMESPACE);
        if (namespace.isPresent()) {
            ValidationException.require(e.value(CONNECTION_STRING).isEmpty(), NAMESPACE, "'" + NAMESPACE + "' and '"
                    + CONNECTION_STRING + "' are both set; give one: the namespace on Azure, a connection string locally.");
            ValidationException.require(c.serviceBus().connectionString().isEmpty(), NAMESPACE,
                    "'serviceBus.connectionStringEnv' in the config file gives a connection string, which conflicts with '"
                            + NAMESPACE + "'; give one.");
            requireSame(c.serviceBus().namespace().isPresent(), c.serviceBus().namespace().orElse(null), namespace.get(),
                    "serviceBus.namespace", NAMESPACE);
            c = new ReplayServiceConfig(c.http(), c.authToken(), c.dataFile(), ReplayServiceConfig.ServiceBus.namespace(
                    namespace.get()), c.contexts(), c.topologyFile(), c.pacing(), c.resumeOnStart(), c.cosmosRegistry(), c.lease());
        }
        Optional<CosmosStoreOptions> cosmos = e.cosmos();
        if (cosmos.isPresent()) {
            ValidationException.require(!fileHas.test("dataFile"), COSMOS_ENDPOINT, "'" + COSMOS_ENDPOINT
                    + "' puts the registry in Cosmos DB, but the config file gives 'dataFile' for a SQLite registry;"
                    + " remove one.");
            c = c.withCosmosRegistry(registryOptions(cosmos.get()));
        }
        Optional<Duration> lease = e.lease();
        if (lease.isPresent()) {
            c = c.withLease(lease.get());
        }
        return c;
    }

    /**
     * The contexts the file leaves out, from the topology the environment names and the Cosmos
     * account or SQLite folder it gives; empty when the environment gives no topology or store.
     */
    public static Map<ContextName, ReplayServiceConfig.Context> contexts(Map<String, String> env, Optional<Path> fileTopology) {
        EnvironmentConfig e = new EnvironmentConfig(env);
        Optional<Path> topology = e.topology().or(() -> fileTopology);
        Optional<CosmosStoreOptions> cosmos = e.cosmos();
        Optional<Path> dataDir = e.value(DATA_DIR).map(Path::of);
        if (topology.isEmpty() || (cosmos.isEmpty() && dataDir.isEmpty())) {
            return Map.of();
        }
        return contextsOf(Topology.read(topology.get()), cosmos, dataDir, e.sessions());
    }

    /**
     * Every topic's context is a source; every subscription's name a target; all with the session
     * strategy their live publishers use (one for all, as the samples run).
     */
    private static Map<ContextName, ReplayServiceConfig.Context> contextsOf(Topology topology,
            Optional<CosmosStoreOptions> cosmos, Optional<Path> dataDir, SessionStrategy sessions) {
        Map<ContextName, ReplayServiceConfig.Context> contexts = new HashMap<>();
        for (TopicDefinition topic : topology.topics()) {
            for (SubscriptionDefinition s : topic.subscriptions()) {
                contexts.putIfAbsent(ContextName.of(s.name()),
                        new ReplayServiceConfig.Context(Optional.empty(), Optional.empty(), sessions));
            }
        }
        for (TopicDefinition topic : topology.topics()) {
            if (!topic.name().endsWith(".events")) {
                continue;
            }
            ContextName source = ContextName.of(topic.name().substring(0, topic.name().length() - ".events".length()));
            contexts.put(source, cosmos.isPresent()
                    ? new ReplayServiceConfig.Context(Optional.empty(), cosmos, sessions)
                    : new ReplayServiceConfig.Context(dataDir, Optional.empty(), sessions));
        }
        ValidationException.require(!contexts.isEmpty(), TOPOLOGY, "'" + TOPOLOGY + "' names a topology without topics.");
        return contexts;
    }

    /** The registry may create its container only where a key is given (locally); never on Azure. */
    private static CosmosStoreOptions registryOptions(CosmosStoreOptions sources) {
        return sources.toBuilder().createIfMissing(sources.key() != null).build();
    }

    private Optional<ReplayServiceConfig.ServiceBus> serviceBus() {
        Optional<String> namespace = value(NAMESPACE);
        Optional<String> connection = value(CONNECTION_STRING);
        if (namespace.isPresent() && connection.isPresent()) {
            throw new ValidationException(NAMESPACE, "'" + NAMESPACE + "' and '" + CONNECTION_STRING
                    + "' are both set; give one: the namespace on Azure, a connection string locally.");
        }
        if (namespace.isPresent()) {
            ValidationException.require(namespace.get().contains(".") && !namespace.get().contains("/"), NAMESPACE,
                    "'" + NAMESPACE + "' must be a fully qualified host name such as sb-x.servicebus.windows.net but was '"
                            + namespace.get() + "'.");
            return namespace.map(ReplayServiceConfig.ServiceBus::namespace);
        }
        return connection.map(ReplayServiceConfig.ServiceBus::connectionString);
    }

    /** The sources' options (never creating anything): the key locally, DefaultAzureCredential on Azure. */
    private Optional<CosmosStoreOptions> cosmos() {
        Optional<String> endpoint = value(COSMOS_ENDPOINT);
        Optional<String> store = value(STORE);
        if (store.isPresent()) {
            switch (store.get()) {
                case "cosmos" -> ValidationException.require(endpoint.isPresent(), COSMOS_ENDPOINT, "'" + STORE
                        + "' is 'cosmos' but '" + COSMOS_ENDPOINT + "' is not set.");
                case "sqlite" -> ValidationException.require(endpoint.isEmpty(), STORE, "'" + STORE + "' is 'sqlite' but '"
                        + COSMOS_ENDPOINT + "' is set too; give one store.");
                default -> throw new ValidationException(STORE, "'" + STORE + "' must be 'sqlite' or 'cosmos' but was '"
                        + store.get() + "'.");
            }
        }
        if (endpoint.isEmpty()) {
            ValidationException.require(value(COSMOS_KEY).isEmpty(), COSMOS_KEY, "'" + COSMOS_KEY + "' is set but '"
                    + COSMOS_ENDPOINT + "' is not.");
            return Optional.empty();
        }
        String database = value(COSMOS_DATABASE).orElse(DEFAULT_DATABASE);
        // Cosmos DB refuses these characters in resource ids; say so before the first request.
        ValidationException.require(database.chars().noneMatch(ch -> "/\\#?".indexOf(ch) >= 0), COSMOS_DATABASE,
                "'" + COSMOS_DATABASE + "' cannot contain '/', '\\', '#' or '?' but was '" + database + "'.");
        CosmosStoreOptions.Builder b = CosmosStoreOptions.builder().createIfMissing(false).database(database);
        try {
            b.endpoint(endpoint.get());
        } catch (ValidationException ex) {
            throw new ValidationException(COSMOS_ENDPOINT, "'" + COSMOS_ENDPOINT + "': " + ex.getMessage());
        }
        Optional<String> key = value(COSMOS_KEY);
        if (key.isPresent()) {
            b.key(key.get());
        } else {
            b.credential(new DefaultAzureCredentialBuilder().build());
        }
        try {
            return Optional.of(b.build());
        } catch (ValidationException ex) {
            String variable = ex.field().equals("database") ? COSMOS_DATABASE : COSMOS_ENDPOINT;
            throw new ValidationException(variable, "'" + variable + "': " + ex.getMessage());
        }
    }

    private Optional<Path> topology() {
        Optional<Path> file = value(TOPOLOGY).map(Path::of);
        file.ifPresent(f -> ValidationException.require(Files.isRegularFile(f), TOPOLOGY,
                "'" + TOPOLOGY + "' names " + f.toAbsolutePath() + ", which is not a readable file."));
        return file;
    }

    /** The live publishers' session strategy; per stream unless {@value #SESSIONS} says otherwise. */
    private SessionStrategy sessions() {
        return value(SESSIONS).map(text -> {
            try {
                return ConfigReader.sessions(text, SESSIONS);
            } catch (ValidationException ex) {
                if (ex.field().equals(SESSIONS)) {
                    throw ex;
                }
                throw new ValidationException(SESSIONS, "'" + SESSIONS + "': " + ex.getMessage());
            }
        }).orElse(SessionStrategy.perStream());
    }

    private Optional<Integer> port() {
        return value(HTTP_PORT).map(text -> {
            try {
                int port = Integer.parseInt(text);
                ValidationException.require(port >= 0 && port <= 65535, HTTP_PORT,
                        "'" + HTTP_PORT + "' must be from 0 to 65535 but was " + port + ".");
                return port;
            } catch (NumberFormatException ex) {
                throw new ValidationException(HTTP_PORT, "'" + HTTP_PORT + "' must be a port number but was '" + text + "'.");
            }
        });
    }

    private Optional<Duration> lease() {
        return value(LEASE).map(text -> {
            try {
                Duration d = Duration.parse(text);
                ValidationException.require(d.toMillis() >= 1000, LEASE,
                        "'" + LEASE + "' must be at least PT1S but was " + text + ".");
                return d;
            } catch (DateTimeParseException ex) {
                throw new ValidationException(LEASE, "'" + LEASE + "' must be an ISO-8601 duration such as PT30S but was '"
                        + text + "'.");
            }
        });
    }

    /** A variable's trimmed value; a blank one counts as not set. */
    private Optional<String> value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private static ValidationException missing(String variable, String what) {
        return new ValidationException(variable, "'" + variable + "' must be set: " + what + ".");
    }

    private static void requireSame(boolean inFile, Object fileValue, Object envValue, String field, String variable) {
        if (inFile && !String.valueOf(fileValue).equals(String.valueOf(envValue))) {
            throw new ValidationException(variable, "'" + field + "' in the config file (" + fileValue + ") conflicts with '"
                    + variable + "' (" + envValue + "); give one, or the same value.");
        }
    }
}
