package io.contextbus.replay.service;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Source stores that are SQLite files ({@code <directory>/<context>.db}), opened read-only with
 * {@link SqliteEventStore#openReadOnly}: the replay service cannot write to them even by mistake.
 * The SQLite-only case of {@link ConfiguredSourceStores}.
 */
public final class SqliteSourceStores implements SourceStores {
    private final ConfiguredSourceStores stores;

    /** Reads each context's store from the directory it maps to. */
    public SqliteSourceStores(Map<ContextName, Path> directories) {
        Map<ContextName, ReplayServiceConfig.Context> contexts = new HashMap<>();
        ValidationException.requireNonNull(directories, "directories")
                .forEach((name, dir) -> contexts.put(name, ReplayServiceConfig.Context.sqliteSource(dir)));
        this.stores = new ConfiguredSourceStores(contexts);
    }

    @Override
    public Set<ContextName> contexts() {
        return stores.contexts();
    }

    @Override
    public EventStore store(ContextName context) {
        return stores.store(context);
    }

    @Override
    public void close() {
        stores.close();
    }
}
