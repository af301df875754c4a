package io.contextbus.replay.service.implementation;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.error.ValidationException;
import io.contextbus.store.cosmos.CosmosStoreOptions;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a context's {@code cosmos} entry of the config file into {@link CosmosStoreOptions}:
 * {@code endpoint} (required), {@code database} and {@code containerPrefix} (the store's defaults
 * when absent), {@code keyEnv} (the environment variable holding an account key; without it the
 * service authenticates with one {@code DefaultAzureCredential}, shared by every Cosmos source).
 * The options validate the values; their errors are renamed to the file's fields
 * ({@code contexts.<name>.cosmos.<field>}). Unknown fields are refused: a misspelt {@code keyEnv}
 * would otherwise fall back to a credential silently. Not part of the API.
 */
final class CosmosSourceReader {
    private static final List<String> FIELDS = List.of("endpoint", "database", "containerPrefix", "keyEnv");

    private final Map<String, String> env;
    private TokenCredential credential;

    CosmosSourceReader(Map<String, String> env) {
        this.env = env;
    }

    /** The options of the entry at {@code field} (e.g. {@code contexts.ordering.cosmos}). */
    CosmosStoreOptions read(String field, JsonNode entry) {
        ValidationException.require(entry.isObject(), field, "must be an object with the fields " + FIELDS + ".");
        for (Iterator<String> names = entry.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            ValidationException.require(FIELDS.contains(name), field + "." + name,
                    "is not a known field; expected " + FIELDS + ".");
        }
        // A source is only read: never create what is missing (the read-only open refuses it anyway).
        CosmosStoreOptions.Builder builder = CosmosStoreOptions.builder().createIfMissing(false)
                .endpoint(text(entry, field, "endpoint"));
        String database = text(entry, field, "database");
        if (database != null) {
            builder.database(database);
        }
        String prefix = text(entry, field, "containerPrefix");
        if (prefix != null) {
            builder.containerPrefix(prefix);
        }
        String keyEnv = text(entry, field, "keyEnv");
        if (keyEnv != null) {
            builder.key(key(field + ".keyEnv", keyEnv));
        } else {
            builder.credential(credential());
        }
        try {
            return builder.build();
        } catch (ValidationException e) {
            throw renamed(field, e);
        }
    }

    private String key(String field, String variable) {
        ValidationException.require(!variable.isBlank(), field, "cannot be blank: name the environment variable"
                + " holding the account key, or leave it out to use DefaultAzureCredential.");
        String key = env.get(variable);
        ValidationException.require(key != null && !key.isBlank(), field, "names the environment variable "
                + variable + ", which is not set (or blank).");
        return key.trim();
    }

    private TokenCredential credential() {
        if (credential == null) {
            credential = new DefaultAzureCredentialBuilder().build();
        }
        return credential;
    }

    /** The field's text, null when absent; a non-text value is refused naming the field. */
    private static String text(JsonNode entry, String field, String name) {
        JsonNode value = entry.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        ValidationException.require(value.isTextual(), field + "." + name, "must be a string but was " + value + ".");
        return value.asText();
    }

    /** The options' error with the file's field name ({@code key} is what {@code keyEnv} gave). */
    private static ValidationException renamed(String field, ValidationException e) {
        String inFile = field + "." + (e.field().equals("key") ? "keyEnv" : e.field());
        String quoted = "'" + e.field() + "'";
        String message = e.getMessage().startsWith(quoted)
                ? "'" + inFile + "'" + e.getMessage().substring(quoted.length())
                : "'" + inFile + "': " + e.getMessage();
        return new ValidationException(inFile, message);
    }
}
