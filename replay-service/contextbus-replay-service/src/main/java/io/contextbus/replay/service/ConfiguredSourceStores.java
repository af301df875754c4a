package io.contextbus.replay.service;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.store.cosmos.CosmosStores;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source stores the configuration gives, each context's opened read-only on first use and kept
 * open until {@link #close()}: a SQLite file with {@link SqliteEventStore#openReadOnly}, a Cosmos DB
 * container with {@link CosmosStores#openReadOnly}. Neither can write, even by mistake; neither
 * creates a missing store (a replay reading one fails, naming it). Contexts without a store are not
 * sources. Thread-safe.
 */
public final class ConfiguredSourceStores implements SourceStores {
    private final Map<ContextName, ReplayServiceConfig.Context> sources;
    private final Map<ContextName, EventStore> open = new ConcurrentHashMap<>();

    /** Reads, of {@code contexts}, those that have a store. */
    public ConfiguredSourceStores(Map<ContextName, ReplayServiceConfig.Context> contexts) {
        ValidationException.requireNonNull(contexts, "contexts");
        Map<ContextName, ReplayServiceConfig.Context> withStore = new HashMap<>();
        contexts.forEach((name, context) -> {
            if (context.isSource()) {
                withStore.put(name, context);
            }
        });
        this.sources = Map.copyOf(withStore);
    }

    @Override
    public Set<ContextName> contexts() {
        return sources.keySet();
    }

    @Override
    public EventStore store(ContextName context) {
        ReplayServiceConfig.Context c = sources.get(context);
        ValidationException.require(c != null, "context", "'" + context + "' has no store configured.");
        return open.computeIfAbsent(context, name -> open(name, c));
    }

    private static EventStore open(ContextName name, ReplayServiceConfig.Context c) {
        if (c.cosmos().isPresent()) {
            return CosmosStores.openReadOnly(c.cosmos().get(), name);
        }
        return SqliteEventStore.openReadOnly(SqliteStoreOptions.DEFAULT.withDirectory(c.sqliteDirectory().orElseThrow()),
                name);
    }

    @Override
    public void close() {
        open.values().forEach(EventStore::close);
        open.clear();
    }
}
