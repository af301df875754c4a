package io.contextbus.emulatortests;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the environment asks the suite to run against, read once from the repository's variables:
 * {@code CONTEXTBUS_TARGET} ({@code local} by default, {@code emulators}, {@code azure}), and for
 * {@code azure} the Service Bus namespace ({@code CONTEXTBUS_SERVICEBUS_NAMESPACE}, Entra ID) or
 * connection string ({@code CONTEXTBUS_SERVICEBUS_CONNECTION_STRING}), never both, and the Cosmos
 * account ({@code CONTEXTBUS_COSMOS_ENDPOINT}, {@code CONTEXTBUS_COSMOS_KEY} optional,
 * {@code CONTEXTBUS_COSMOS_DATABASE} default {@code contextbus}).
 */
record TargetSettings(Kind kind, Optional<String> namespace, Optional<String> connectionString,
                      Optional<String> cosmosEndpoint, Optional<String> cosmosKey, String cosmosDatabase) {
    static final String TARGET = "CONTEXTBUS_TARGET";
    static final String NAMESPACE = "CONTEXTBUS_SERVICEBUS_NAMESPACE";
    static final String CONNECTION_STRING = "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING";
    static final String COSMOS_ENDPOINT = "CONTEXTBUS_COSMOS_ENDPOINT";
    static final String COSMOS_KEY = "CONTEXTBUS_COSMOS_KEY";
    static final String COSMOS_DATABASE = "CONTEXTBUS_COSMOS_DATABASE";
    static final String DEFAULT_DATABASE = "contextbus";

    /** The three targets of the suite. */
    enum Kind {
        LOCAL, EMULATORS, AZURE
    }

    static TargetSettings fromEnvironment() {
        return from(System.getenv());
    }

    /** Reads {@code env}; a bad combination is an {@link IllegalArgumentException} naming the variables. */
    static TargetSettings from(Map<String, String> env) {
        Kind kind = kind(value(env, TARGET).orElse("local"));
        Optional<String> namespace = value(env, NAMESPACE);
        Optional<String> connectionString = value(env, CONNECTION_STRING);
        if (namespace.isPresent() && connectionString.isPresent()) {
            throw new IllegalArgumentException("Both " + NAMESPACE + " and " + CONNECTION_STRING
                    + " are set; set exactly one of them.");
        }
        Optional<String> endpoint = value(env, COSMOS_ENDPOINT);
        Optional<String> key = value(env, COSMOS_KEY);
        if (kind == Kind.AZURE) {
            if (namespace.isEmpty() && connectionString.isEmpty()) {
                throw new IllegalArgumentException(TARGET + "=azure needs " + NAMESPACE + " (Entra ID) or "
                        + CONNECTION_STRING + ".");
            }
            if (endpoint.isEmpty()) {
                throw new IllegalArgumentException(TARGET + "=azure needs " + COSMOS_ENDPOINT + ".");
            }
        }
        if (key.isPresent() && endpoint.isEmpty()) {
            throw new IllegalArgumentException(COSMOS_KEY + " is set without " + COSMOS_ENDPOINT + ".");
        }
        return new TargetSettings(kind, namespace, connectionString, endpoint, key,
                value(env, COSMOS_DATABASE).orElse(DEFAULT_DATABASE));
    }

    private static Kind kind(String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> Kind.LOCAL;
            case "emulators" -> Kind.EMULATORS;
            case "azure" -> Kind.AZURE;
            default -> throw new IllegalArgumentException("'" + TARGET + "' must be local, emulators or azure but was '"
                    + raw + "'.");
        };
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
