package io.contextbus.testsupport;

import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The contexts of one test, whatever broker they talk to: one SQLite store per context in one
 * directory (opened on first use), and everything the test opens on top of them (context buses,
 * clients, services), closed by {@link #close()} in reverse order before the stores. Thread-safe.
 */
public final class TestContexts implements AutoCloseable {
    private final SqliteStoreOptions storeOptions;
    private final Map<ContextName, SqliteEventStore> stores = new HashMap<>();
    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();

    /** Stores opened with {@code storeOptions} (its directory is where every context's file goes). */
    public TestContexts(SqliteStoreOptions storeOptions) {
        this.storeOptions = Objects.requireNonNull(storeOptions, "'storeOptions' cannot be null.");
    }

    /** The context's store, opened on first use. */
    public synchronized SqliteEventStore store(ContextName context) {
        return stores.computeIfAbsent(context, c -> SqliteEventStore.open(storeOptions, c));
    }

    /** Closes a context's store, as a process that stops would; the next {@link #store} reopens it. */
    public synchronized void closeStore(ContextName context) {
        SqliteEventStore s = stores.remove(context);
        if (s != null) {
            s.close();
        }
    }

    /** Closes {@code c} with the others when the test ends; returns it. */
    public <C extends AutoCloseable> C track(C c) {
        opened.add(Objects.requireNonNull(c, "'c' cannot be null."));
        return c;
    }

    /** Stops something tracked earlier now (a consumer, a service), as a process that stops would. */
    public void stop(AutoCloseable c) {
        opened.remove(c);
        try {
            c.close();
        } catch (Exception e) {
            throw new AssertionError("stopping " + c + " failed", e);
        }
    }

    /**
     * Appends commits {@code from..to} of every stream to {@code context}'s store on {@code threads}
     * threads, each thread taking every {@code threads}-th stream and going round its streams one
     * sequence at a time, so that streams interleave in store order.
     *
     * @throws AssertionError with the first failure when an append failed
     */
    public <S> void appendRange(ContextName context, List<S> streams, long from, long to, int threads,
                                BiFunction<S, Long, CommitAttempt> attempt) throws InterruptedException {
        SqliteEventStore store = store(context);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers[t] = new Thread(() -> {
                try {
                    for (long seq = from; seq <= to; seq++) {
                        for (int i = offset; i < streams.size(); i += threads) {
                            store.append(attempt.apply(streams.get(i), seq));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "append-" + context.value() + "-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("appends failed", failures.get(0));
        }
    }

    /** {@code prefix0 .. prefix<count-1>}. */
    public static List<String> streams(String prefix, int count) {
        List<String> s = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            s.add(prefix + i);
        }
        return s;
    }

    @Override
    public void close() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        opened.clear();
        synchronized (this) {
            stores.values().forEach(SqliteEventStore::close);
            stores.clear();
        }
    }
}
