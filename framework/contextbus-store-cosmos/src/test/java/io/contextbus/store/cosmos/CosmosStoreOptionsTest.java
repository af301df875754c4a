package io.contextbus.store.cosmos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenCredential;
import io.contextbus.error.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

@DisplayName("CosmosStoreOptions")
class CosmosStoreOptionsTest {
    private static final TokenCredential CREDENTIAL = request -> Mono.empty();

    @Test
    @DisplayName("defaults: gateway mode, database contextbus, containers events-<context> and events-<context>-leases")
    void defaults() {
        CosmosStoreOptions o = CosmosStoreOptions.builder().endpoint("https://a.documents.azure.com:443/")
                .credential(CREDENTIAL).build();
        assertEquals("contextbus", o.database());
        assertEquals("events-ordering", o.containerName("ordering"));
        assertEquals("events-ordering-leases", o.leasesContainerName("ordering"));
        assertEquals(false, o.directMode());
        assertEquals(CosmosStoreOptions.MAX_ITEM_BYTES, o.maxDocumentBytes());
    }

    @Test
    @DisplayName("exactly one of key and credential; bad values name their field")
    void validation() {
        CosmosStoreOptions ok = CosmosStoreOptions.builder().endpoint("https://a:443/").credential(CREDENTIAL).build();
        assertField("endpoint", () -> CosmosStoreOptions.builder().credential(CREDENTIAL).build());
        assertField("endpoint", () -> ok.toBuilder().endpoint("http://a/").build());
        assertField("credential", () -> CosmosStoreOptions.builder().endpoint("https://a/").build());
        assertField("credential", () -> ok.toBuilder().key("k").build());
        assertField("throughputOnCreate", () -> ok.toBuilder().throughputOnCreate(100).build());
        assertField("maxDocumentBytes", () -> ok.toBuilder().maxDocumentBytes(3L * 1024 * 1024).build());
        assertField("retryAttempts", () -> ok.toBuilder().retry(0, Duration.ZERO).build());
        assertField("metrics", () -> ok.toBuilder().metrics(null).build());
    }

    @Test
    @DisplayName("toString never shows the account key")
    void toStringHidesTheKey() {
        String key = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
        CosmosStoreOptions o = CosmosStoreOptions.builder().endpoint("https://a:443/").key(key).build();

        String text = o.toString();

        assertFalse(text.contains(key), text);
        assertTrue(text.contains("endpoint=https://a:443/"), text);
        assertTrue(text.contains("key=(redacted)"), text);
    }

    private static void assertField(String field, org.junit.jupiter.api.function.Executable build) {
        assertEquals(field, assertThrows(ValidationException.class, build).field());
    }
}
