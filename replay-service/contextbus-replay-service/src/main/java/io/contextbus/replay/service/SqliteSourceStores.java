package io.contextbus.replay.service;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Source stores that are SQLite files ({@code <directory>/<context>.db}), opened read-only with
 * {@link SqliteEventStore#openReadOnly}: the replay service cannot write to them even by mistake.
 */
public final class SqliteSourceStores implements SourceStores {
    private final Map<ContextName, Path> directories;
    private final Map<ContextName, SqliteEventStore> open = new ConcurrentHashMap<>();

    /** Reads each context's store from the directory it maps to. */
    public SqliteSourceStores(Map<ContextName, Path> directories) {
        this.directories = Map.copyOf(ValidationException.requireNonNull(directories, "directories"));
    }

    @Override
    public Set<ContextName> contexts() {
        return directories.keySet();
    }

    @Override
    public EventStore store(ContextName context) {
        Path dir = directories.get(context);
        ValidationException.require(dir != null, "context", "'" + context + "' has no store configured.");
        return open.computeIfAbsent(context,
                c -> SqliteEventStore.openReadOnly(SqliteStoreOptions.DEFAULT.withDirectory(dir), c));
    }

    @Override
    public void close() {
        open.values().forEach(SqliteEventStore::close);
        open.clear();
    }
}
