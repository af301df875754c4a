package io.contextbus.samples.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How a sample context process is started: from {@code --name=value} arguments (the demo's way)
 * and from the environment variables every contextbus process reads (the Azure way; Container Apps
 * set them); an argument wins over its variable.
 *
 * <table>
 * <caption>settings</caption>
 * <tr><th>argument</th><th>variable</th><th>meaning</th></tr>
 * <tr><td>{@code --data-dir}</td><td>{@code CONTEXTBUS_DATA_DIR}</td><td>SQLite directory and port file (default {@code contextbus-data})</td></tr>
 * <tr><td>{@code --http-port}</td><td>{@code CONTEXTBUS_HTTP_PORT}</td><td>0 picks a free one</td></tr>
 * <tr><td>{@code --http-bind}</td><td>{@code CONTEXTBUS_HTTP_BIND}</td><td>listen address: 127.0.0.1 (default), 0.0.0.0 on Azure (the Bicep sets it)</td></tr>
 * <tr><td>{@code --connection-string}</td><td>{@code CONTEXTBUS_SERVICEBUS_CONNECTION_STRING}</td><td>local broker / emulator only</td></tr>
 * <tr><td></td><td>{@code CONTEXTBUS_SERVICEBUS_NAMESPACE}</td><td>namespace host, with {@code DefaultAzureCredential}; exactly one of the two</td></tr>
 * <tr><td>{@code --topology}</td><td>{@code CONTEXTBUS_TOPOLOGY}</td><td>topology file</td></tr>
 * <tr><td>{@code --replay-url}</td><td>{@code CONTEXTBUS_REPLAY_URL}</td><td>replay service, for gap repair (token: {@code CONTEXTBUS_REPLAY_TOKEN}, never an argument)</td></tr>
 * <tr><td>{@code --catch-up}</td><td>{@code CONTEXTBUS_CATCH_UP}</td><td>{@code on} (default) or {@code off}: with a replay service, a consuming context catches up from its inbox at start and reconciles with its sources every 5 minutes</td></tr>
 * <tr><td>{@code --session-buckets}</td><td></td><td>session buckets the publisher spreads streams over (0 = one session per stream)</td></tr>
 * <tr><td></td><td>{@code CONTEXTBUS_STORE}</td><td>{@code sqlite} (default) or {@code cosmos} ({@code CONTEXTBUS_COSMOS_ENDPOINT}, {@code _KEY}, {@code _DATABASE})</td></tr>
 * </table>
 *
 * The samples default to 16 session buckets: their streams are many and short (one per order), and
 * acquiring a Service Bus session per stream would cost more than processing it; order per stream
 * holds either way. A missing or bad value is a {@link SettingException} naming the argument or
 * variable it came from.
 *
 * @param connectionString null when {@code namespace} is given
 * @param catchUp whether a consuming context with a replay service catches up and reconciles by itself
 * @param cosmos present when the store is Cosmos DB
 */
public record ServiceSettings(
        String context,
        Path dataDir,
        int httpPort,
        String httpHost,
        String connectionString,
        Optional<String> namespace,
        Path topologyFile,
        Optional<String> replayUrl,
        Optional<String> replayToken,
        boolean catchUp,
        int sessionBuckets,
        Optional<CosmosSettings> cosmos) {

    public static final int DEFAULT_SESSION_BUCKETS = 16;
    public static final String DEFAULT_TOPOLOGY = "infra/topology/contextbus-sample.topology.json";

    /** From {@code args} and this process's environment. */
    public static ServiceSettings parse(String context, String[] args) {
        return parse(context, args, System.getenv());
    }

    /** From {@code args} and {@code env} (tests pass a map instead of the process's environment). */
    public static ServiceSettings parse(String context, String[] args, Map<String, String> env) {
        SettingSource s = new SettingSource(NamedArguments.parse(args), env);
        Optional<String> connectionString = s.value("connection-string", "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING");
        // An argument wins over the variables: the demo's children may inherit an Azure environment.
        Optional<String> namespace = s.hasArgument("connection-string") ? Optional.empty()
                : s.value(null, "CONTEXTBUS_SERVICEBUS_NAMESPACE");
        if (connectionString.isPresent() && namespace.isPresent()) {
            throw new SettingException("CONTEXTBUS_SERVICEBUS_NAMESPACE", "Only one of 'CONTEXTBUS_SERVICEBUS_CONNECTION_STRING'"
                    + " (or '--connection-string') and 'CONTEXTBUS_SERVICEBUS_NAMESPACE' may be set.");
        }
        if (connectionString.isEmpty() && namespace.isEmpty()) {
            throw s.fromArguments() ? new SettingException("--connection-string", "'--connection-string' is required.")
                    : new SettingException("CONTEXTBUS_SERVICEBUS_NAMESPACE", "'CONTEXTBUS_SERVICEBUS_NAMESPACE' (Azure) or "
                    + "'CONTEXTBUS_SERVICEBUS_CONNECTION_STRING' (local broker) is required.");
        }
        return new ServiceSettings(context,
                Path.of(s.value("data-dir", "CONTEXTBUS_DATA_DIR").orElse("contextbus-data")),
                s.port("http-port", "CONTEXTBUS_HTTP_PORT"),
                s.value("http-bind", "CONTEXTBUS_HTTP_BIND").orElse("127.0.0.1"),
                connectionString.orElse(null),
                namespace,
                Path.of(s.value("topology", "CONTEXTBUS_TOPOLOGY").orElse(DEFAULT_TOPOLOGY)),
                s.value("replay-url", "CONTEXTBUS_REPLAY_URL"),
                s.value(null, "CONTEXTBUS_REPLAY_TOKEN"),
                s.onOff("catch-up", "CONTEXTBUS_CATCH_UP", true),
                s.number("session-buckets", null, DEFAULT_SESSION_BUCKETS),
                cosmos(s));
    }

    private static Optional<CosmosSettings> cosmos(SettingSource s) {
        String store = s.value(null, "CONTEXTBUS_STORE").orElse("sqlite");
        switch (store) {
            case "sqlite":
                return Optional.empty();
            case "cosmos":
                return Optional.of(new CosmosSettings(s.value(null, "CONTEXTBUS_COSMOS_ENDPOINT").orElse(null),
                        s.value(null, "CONTEXTBUS_COSMOS_KEY"),
                        s.value(null, "CONTEXTBUS_COSMOS_DATABASE").orElse(CosmosSettings.DEFAULT_DATABASE)));
            default:
                throw new SettingException("CONTEXTBUS_STORE", "'CONTEXTBUS_STORE' must be 'sqlite' or 'cosmos' but was '"
                        + store + "'.");
        }
    }

    /** Whether the context keeps its store on Cosmos DB (else SQLite in {@link #dataDir()}). */
    public boolean onCosmos() {
        return cosmos.isPresent();
    }

    /** The file this context writes its HTTP port to once it listens. */
    public Path portFile() {
        return dataDir.resolve(context + ".http-port");
    }
}
