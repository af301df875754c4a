package io.contextbus.spring.boot.implementation;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.HealthOptions;
import io.contextbus.servicebus.TransientRetry;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.spring.boot.ContextBusProperties;
import io.contextbus.spring.boot.InvalidContextBusPropertyException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code contextbus.*} properties checked once, each problem reported with the property's name.
 *
 * @param namespace        present when Service Bus is reached with a {@code TokenCredential}
 * @param connectionString present when it is reached with a connection string (local use)
 * @param cosmos           true when the store is Cosmos DB, else SQLite in {@code sqliteDirectory}
 * @param replay           the replay service's URL and token, when both are set
 */
public record CheckedProperties(
        ContextName context,
        Optional<String> namespace,
        Optional<String> connectionString,
        Path topologyFile,
        boolean cosmos,
        Path sqliteDirectory,
        SessionStrategy sessions,
        ConsumerOptions consumer,
        HealthOptions health,
        Optional<Replay> replay) {

    /** The replay service to ask for missed commits. */
    public record Replay(URI url, String token) {
    }

    private static final String P = "contextbus.";

    /** @throws InvalidContextBusPropertyException naming the first bad property */
    public static CheckedProperties check(ContextBusProperties p) {
        ContextName context = context(p.context());
        Optional<String> namespace = text(p.servicebus().namespace());
        Optional<String> connectionString = text(p.servicebus().connectionString());
        if (namespace.isPresent() && connectionString.isPresent()) {
            throw fail("servicebus.namespace", "contextbus.servicebus.namespace and contextbus.servicebus.connection-string"
                    + " are both set: set exactly one (the namespace on Azure, the connection string for a local broker).");
        }
        if (namespace.isEmpty() && connectionString.isEmpty()) {
            throw fail("servicebus.namespace", "contextbus.servicebus.namespace (Azure, e.g. sb-x.servicebus.windows.net) or"
                    + " contextbus.servicebus.connection-string (local broker) must be set.");
        }
        namespace.ifPresent(CheckedProperties::checkNamespace);
        return new CheckedProperties(context, namespace, connectionString, topology(p.topology()), cosmos(p.store()),
                Path.of(text(p.store().sqlite().directory()).orElseThrow(() -> fail("store.sqlite.directory",
                        "contextbus.store.sqlite.directory cannot be blank."))),
                sessions(p.sessions()), consumer(p.consumer()), health(p.health()), replay(p.replay()));
    }

    private static ContextName context(String value) {
        String name = text(value).orElseThrow(() -> fail("context",
                "contextbus.context is not set: name the bounded context this application runs, e.g. 'billing'."));
        return named("context", () -> ContextName.of(name));
    }

    private static void checkNamespace(String host) {
        if (host.contains("://") || host.contains(";") || host.contains("/")) {
            throw fail("servicebus.namespace", "contextbus.servicebus.namespace must be a host name such as"
                    + " 'sb-x.servicebus.windows.net' but was '" + host + "' (a connection string goes to"
                    + " contextbus.servicebus.connection-string).");
        }
    }

    private static Path topology(String value) {
        Path file = Path.of(text(value).orElseThrow(() -> fail("topology",
                "contextbus.topology is not set: give the path of the topology file (JSON).")));
        if (!Files.isRegularFile(file)) {
            throw fail("topology", "contextbus.topology names '" + file.toAbsolutePath() + "', which is not a file.");
        }
        return file;
    }

    private static boolean cosmos(ContextBusProperties.Store store) {
        String type = text(store.type()).orElse("sqlite");
        switch (type) {
            case "sqlite":
                return false;
            case "cosmos":
                text(store.cosmos().endpoint()).orElseThrow(() -> fail("store.cosmos.endpoint",
                        "contextbus.store.cosmos.endpoint must be set when contextbus.store.type is 'cosmos'."));
                text(store.cosmos().database()).orElseThrow(() -> fail("store.cosmos.database",
                        "contextbus.store.cosmos.database cannot be blank."));
                return true;
            default:
                throw fail("store.type", "contextbus.store.type must be 'sqlite' or 'cosmos' but was '" + type + "'.");
        }
    }

    private static SessionStrategy sessions(ContextBusProperties.Sessions s) {
        String strategy = text(s.strategy()).orElse("per-stream");
        return switch (strategy) {
            case "per-stream" -> SessionStrategy.perStream();
            case "buckets" -> named("sessions.buckets", () -> SessionStrategy.buckets(s.buckets()));
            case "single" -> named("sessions.session-id", () -> SessionStrategy.single(
                    text(s.sessionId()).orElseThrow(() -> fail("sessions.session-id",
                            "contextbus.sessions.session-id must be set when contextbus.sessions.strategy is 'single'."))));
            default -> throw fail("sessions.strategy", "contextbus.sessions.strategy must be 'per-stream', 'buckets' or"
                    + " 'single' but was '" + strategy + "'.");
        };
    }

    private static ConsumerOptions consumer(ContextBusProperties.Consumer c) {
        ContextBusProperties.Retry r = c.retry();
        TransientRetry retry;
        try {
            retry = new TransientRetry(r.attempts(), r.initialDelay(), r.multiplier(), r.maxDelay());
        } catch (ValidationException e) {
            String property = "consumer.retry." + kebab(e.field());
            throw fail(property, P + property + ": " + e.getMessage());
        }
        try {
            return new ConsumerOptions(c.maxConcurrentSessions(), c.prefetchCount(), c.sessionIdleTimeout(),
                    c.maxLockRenewal(), retry, c.settleTimeout());
        } catch (ValidationException e) {
            String property = "consumer." + ("transientRetry".equals(e.field()) ? "retry" : kebab(e.field()));
            throw fail(property, P + property + ": " + e.getMessage());
        }
    }

    private static HealthOptions health(ContextBusProperties.Health h) {
        try {
            return new HealthOptions(h.maxDispatchLag(), h.brokerProbeInterval(), h.brokerProbeTimeout(),
                    h.consumerErrorWindow(), h.maxConsumerDelay());
        } catch (ValidationException e) {
            String property = "health." + kebab(e.field());
            throw fail(property, P + property + ": " + e.getMessage());
        }
    }

    private static Optional<Replay> replay(ContextBusProperties.Replay r) {
        Optional<String> url = text(r.url());
        Optional<String> token = text(r.token());
        if (url.isPresent() != token.isPresent()) {
            String missing = url.isPresent() ? "replay.token" : "replay.url";
            throw fail(missing, P + missing + " is not set but " + (url.isPresent() ? "contextbus.replay.url" : "contextbus.replay.token")
                    + " is: set both to repair gaps through the replay service, or neither.");
        }
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(url.get());
        } catch (IllegalArgumentException e) {
            throw fail("replay.url", "contextbus.replay.url is not a URL: '" + url.get() + "'.");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw fail("replay.url", "contextbus.replay.url must be an http(s) URL but was '" + url.get() + "'.");
        }
        return Optional.of(new Replay(uri, token.get()));
    }

    /** Runs a core constructor, re-labelling its {@link ValidationException} with the property's name. */
    private static <V> V named(String property, Supplier<V> make) {
        try {
            return make.get();
        } catch (InvalidContextBusPropertyException e) {
            throw e;
        } catch (ValidationException e) {
            throw fail(property, P + property + ": " + e.getMessage());
        }
    }

    private static Optional<String> text(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static String kebab(String field) {
        return field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static InvalidContextBusPropertyException fail(String property, String message) {
        return new InvalidContextBusPropertyException(P + property, message);
    }
}
