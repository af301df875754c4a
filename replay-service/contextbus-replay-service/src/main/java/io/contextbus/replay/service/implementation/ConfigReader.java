package io.contextbus.replay.service.implementation;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.replay.ReplayJson;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the replay service's JSON config file. Relative paths are resolved against the file's
 * folder. Secrets are never in the file: it names the environment variable (or a file, e.g. a
 * mounted secret) that holds the token, the Service Bus connection string and a Cosmos DB source's
 * account key. Not part of the API.
 */
public final class ConfigReader {
    /** Environment variable holding the bearer token unless the file names another. */
    public static final String DEFAULT_TOKEN_ENV = "CONTEXTBUS_REPLAY_TOKEN";
    /** Environment variable holding the Service Bus connection string unless the file names another. */
    public static final String DEFAULT_CONNECTION_ENV = "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING";

    private ConfigReader() {
    }

    public static ReplayServiceConfig read(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ValidationException("config", "'config' file " + file + " cannot be read: " + e.getMessage());
        }
        JsonNode root = ReplayJson.readTree(text);
        Path base = file.toAbsolutePath().getParent();
        JsonNode h = root.path("http");
        ReplayServiceConfig.Http d = ReplayServiceConfig.Http.DEFAULT;
        ReplayServiceConfig.Http http = new ReplayServiceConfig.Http(h.path("host").asText(d.host()),
                h.path("port").asInt(d.port()), h.path("maxBodyBytes").asInt(d.maxBodyBytes()), h.path("threads").asInt(d.threads()));
        JsonNode p = root.path("pacing");
        ReplayServiceConfig.Pacing pd = ReplayServiceConfig.Pacing.DEFAULT;
        ReplayServiceConfig.Pacing pacing = new ReplayServiceConfig.Pacing(p.path("commitsPerSecond").asLong(pd.commitsPerSecond()),
                p.path("burst").asLong(pd.burst()), p.path("lanes").asInt(pd.lanes()), p.path("pageSize").asInt(pd.pageSize()),
                p.path("chunkSize").asInt(pd.chunkSize()), p.path("maxConcurrentReplays").asInt(pd.maxConcurrentReplays()),
                p.path("sendRetries").asInt(pd.sendRetries()));
        Map<ContextName, ReplayServiceConfig.Context> contexts = new HashMap<>();
        CosmosSourceReader cosmos = new CosmosSourceReader(env);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("contexts").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            contexts.put(context(e.getKey()), contextConfig(e.getKey(), e.getValue(), base, cosmos));
        }
        Optional<Path> topologyFile = Optional.ofNullable(root.get("topologyFile")).map(t -> resolve(base, t.asText()));
        if (contexts.isEmpty()) {
            // The environment's topology and store give them (see EnvironmentConfig).
            contexts.putAll(EnvironmentConfig.contexts(env, topologyFile));
        }
        ReplayServiceConfig fromFile = new ReplayServiceConfig(http, token(root, env, base),
                resolve(base, root.path("dataFile").asText("replay-data/replays.db")), serviceBus(root.path("serviceBus"), env),
                contexts, topologyFile, pacing, root.path("resumeOnStart").asBoolean(true));
        return EnvironmentConfig.complement(fromFile, field -> has(root, field), env);
    }

    /** Whether the file gives {@code field} (dotted, e.g. {@code http.port}). */
    private static boolean has(JsonNode root, String field) {
        JsonNode node = root;
        for (String part : field.split("\\.")) {
            if (!node.has(part)) {
                return false;
            }
            node = node.get(part);
        }
        return true;
    }

    /** Parses {@code per-stream}, {@code buckets:<n>} or {@code single:<sessionId>}. */
    public static SessionStrategy sessions(String text, String field) {
        if (text.equals("per-stream")) {
            return SessionStrategy.perStream();
        }
        try {
            if (text.startsWith("buckets:")) {
                return SessionStrategy.buckets(Integer.parseInt(text.substring("buckets:".length())));
            }
        } catch (NumberFormatException e) {
            throw new ValidationException(field, "'" + field + "' has a bucket count that is not a number: '" + text + "'.");
        }
        if (text.startsWith("single:")) {
            return SessionStrategy.single(text.substring("single:".length()));
        }
        throw new ValidationException(field, "'" + field + "' must be per-stream, buckets:<n> or single:<sessionId> but was '" + text + "'.");
    }

    private static ReplayServiceConfig.Context contextConfig(String name, JsonNode c, Path base,
                                                             CosmosSourceReader cosmosReader) {
        String field = "contexts." + name;
        ValidationException.require(!(c.has("sqlite") && c.has("cosmos")), field,
                "gives two stores: a context is read from 'sqlite' or from 'cosmos', not both.");
        Optional<Path> sqlite = Optional.ofNullable(c.get("sqlite")).map(s -> resolve(base, s.asText()));
        Optional<CosmosStoreOptions> cosmos = Optional.ofNullable(c.get("cosmos"))
                .map(entry -> cosmosReader.read(field + ".cosmos", entry));
        return new ReplayServiceConfig.Context(sqlite, cosmos, sessions(c.path("sessions").asText("per-stream"),
                field + ".sessions"));
    }

    private static String token(JsonNode root, Map<String, String> env, Path base) {
        if (root.has("authTokenFile")) {
            Path f = resolve(base, root.get("authTokenFile").asText());
            try {
                return Files.readString(f).trim();
            } catch (IOException e) {
                throw new ValidationException("authTokenFile", "'authTokenFile' " + f + " cannot be read: " + e.getMessage());
            }
        }
        String var = root.path("authTokenEnv").asText(DEFAULT_TOKEN_ENV);
        String token = env.get(var);
        ValidationException.require(token != null && !token.isBlank(), "authToken",
                "must be set in the environment variable " + var + " (or give authTokenFile).");
        return token.trim();
    }

    private static ReplayServiceConfig.ServiceBus serviceBus(JsonNode sb, Map<String, String> env) {
        if (sb.has("namespace")) {
            String connection = env.get(EnvironmentConfig.CONNECTION_STRING);
            ValidationException.require(sb.has("connectionStringEnv") || connection == null || connection.isBlank(),
                    "serviceBus.namespace", "'serviceBus.namespace' in the config file conflicts with '"
                            + EnvironmentConfig.CONNECTION_STRING + "', which is set; give one.");
            return ReplayServiceConfig.ServiceBus.namespace(sb.get("namespace").asText());
        }
        String namespace = env.get(EnvironmentConfig.NAMESPACE);
        if (!sb.has("connectionStringEnv") && namespace != null && !namespace.isBlank()) {
            // The environment gives the namespace (EnvironmentConfig.complement checks it against a connection string).
            return ReplayServiceConfig.ServiceBus.namespace(namespace.trim());
        }
        String var = sb.path("connectionStringEnv").asText(DEFAULT_CONNECTION_ENV);
        String cs = env.get(var);
        ValidationException.require(cs != null && !cs.isBlank(), "serviceBus",
                "needs a namespace, or a connection string in the environment variable " + var + ".");
        return ReplayServiceConfig.ServiceBus.connectionString(cs);
    }

    private static ContextName context(String name) {
        try {
            return ContextName.of(name);
        } catch (ValidationException e) {
            throw new ValidationException("contexts", "'contexts' " + e.getMessage().substring("'context' ".length()));
        }
    }

    private static Path resolve(Path base, String path) {
        Path p = Path.of(path);
        return p.isAbsolute() || base == null ? p : base.resolve(p).normalize();
    }
}
