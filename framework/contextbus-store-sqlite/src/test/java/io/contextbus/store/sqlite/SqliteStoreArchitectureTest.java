package io.contextbus.store.sqlite;

import io.contextbus.architecture.ImplementationRules;
import org.junit.jupiter.api.Test;

/** No public signature of this module mentions a type of an {@code implementation} package (ADR 0024): the SQLite adapter's public API is its store and options; the rest is package-private. */
class SqliteStoreArchitectureTest {

    @Test
    void no_public_signature_mentions_an_implementation_type() {
        ImplementationRules.checkModuleOf(SqliteEventStore.class);
    }
}
