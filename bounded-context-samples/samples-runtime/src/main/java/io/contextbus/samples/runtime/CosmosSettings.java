package io.contextbus.samples.runtime;

import java.util.Optional;

/**
 * Where a sample context keeps its store on Cosmos DB: the account endpoint, the key (local use
 * only: the stand-in or the emulator; absent means {@code DefaultAzureCredential}, which picks the
 * user-assigned identity named by {@code AZURE_CLIENT_ID}), and the database. With a key the
 * service may create its container; without one it never does (data-plane roles cannot), the
 * container {@code events-<context>} must exist.
 */
public record CosmosSettings(String endpoint, Optional<String> key, String database) {
    public static final String DEFAULT_DATABASE = "contextbus";

    public CosmosSettings {
        if (endpoint == null || endpoint.isBlank()) {
            throw new SettingException("CONTEXTBUS_COSMOS_ENDPOINT", "'CONTEXTBUS_COSMOS_ENDPOINT' is required when "
                    + "'CONTEXTBUS_STORE' is 'cosmos'.");
        }
        key = key == null ? Optional.empty() : key.filter(k -> !k.isBlank());
        if (database == null || database.isBlank()) {
            throw new SettingException("CONTEXTBUS_COSMOS_DATABASE", "'CONTEXTBUS_COSMOS_DATABASE' cannot be blank.");
        }
    }

    /** Containers are created only with a key (locally); on Azure the Bicep creates them. */
    public boolean createIfMissing() {
        return key.isPresent();
    }

    @Override
    public String toString() {
        return "CosmosSettings[endpoint=" + endpoint + ", auth=" + (key.isPresent() ? "key" : "DefaultAzureCredential")
                + ", database=" + database + "]";
    }
}
