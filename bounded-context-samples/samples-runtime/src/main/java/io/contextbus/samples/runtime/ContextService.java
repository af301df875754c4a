package io.contextbus.samples.runtime;

import io.contextbus.codec.CommitCodec;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayGapRepair;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.ContextBusBuilder;
import io.contextbus.servicebus.GapRepair;
import io.contextbus.servicebus.Handlers;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.store.sqlite.SqliteStoreOptions;
import io.contextbus.topology.Topology;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process of one sample context, wired to contextbus through its public API only: its SQLite
 * store (commits, inbox, dispatcher checkpoint, read models in one file), a {@link ContextBus}
 * that publishes the store's commits and consumes the declared sources through the (observed)
 * inbox, and the local HTTP API with the endpoints every context has ({@code /health},
 * {@code /commits}, {@code /applied}, {@code /stats}). A context adds its own handlers, routes and
 * workers, then calls {@link #start()}.
 */
public final class ContextService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContextService.class);

    private final ServiceSettings settings;
    private final SqliteEventStore store;
    private final ObservedInbox inbox;
    private final HttpApi http;
    private final Map<String, Handlers<Connection>> consumed = new LinkedHashMap<>();
    private final Map<String, Supplier<Object>> stats = new LinkedHashMap<>();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private GapRepair gapRepair = GapRepair.LOG_ONLY;
    private ContextBus bus;

    public ContextService(ServiceSettings settings) throws IOException {
        this.settings = settings;
        Files.createDirectories(settings.dataDir());
        this.store = SqliteEventStore.open(SqliteStoreOptions.DEFAULT.withDirectory(settings.dataDir()),
                ContextName.of(settings.context()));
        this.inbox = new ObservedInbox(store);
        this.http = new HttpApi(settings.httpPort());
        http.route("GET", "/health", r -> HttpApi.Response.ok(Map.of("context", settings.context(), "status", "up")));
        http.route("GET", "/commits", r -> HttpApi.Response.ok(commits(r.query().getOrDefault("after", ""),
                (int) r.longParam("max", 1000))));
        http.route("GET", "/applied", r -> HttpApi.Response.ok(inbox.log(r.longParam("after", 0), (int) r.longParam("max", 5000))));
        http.route("GET", "/stats", r -> HttpApi.Response.ok(stats()));
        if (settings.replayUrl().isPresent() && settings.replayToken().isPresent()) {
            ReplayGapRepair repair = new ReplayGapRepair(ReplayClient.create(URI.create(settings.replayUrl().get()),
                    settings.replayToken().get()), ContextName.of(settings.context()));
            gapRepair = repair;
            stat("gapRepair", () -> Map.of("replaysRequested", repair.requested(), "gapsAbsorbed", repair.absorbed()));
            onClose(repair);
        }
    }

    public SqliteEventStore store() {
        return store;
    }

    /** The inbox handlers must be given to; it logs what it applies. */
    public ObservedInbox inbox() {
        return inbox;
    }

    public HttpApi http() {
        return http;
    }

    /** Consume {@code source}'s topic with {@code handlers}. */
    public ContextService consume(String source, Handlers<Connection> handlers) {
        consumed.put(source, handlers);
        return this;
    }

    /** Adds a figure to {@code /stats}. */
    public ContextService stat(String name, Supplier<Object> value) {
        stats.put(name, value);
        return this;
    }

    /** Closed (in reverse order) when the service closes: after the bus, before the store. */
    public ContextService onClose(AutoCloseable closeable) {
        closeables.push(closeable);
        return this;
    }

    /** Starts the bus and the HTTP API, then writes the port file the demo waits for. */
    public void start() throws IOException {
        ContextBusBuilder<Connection> b = ContextBus.<Connection>builder()
                .context(settings.context())
                .connectionString(settings.connectionString())
                .topology(Topology.read(settings.topologyFile()))
                .store(store)
                .checkpoints(store.checkpoints())
                .gapRepair(gapRepair)
                .publisherOptions(PublisherOptions.DEFAULT.withSessions(sessions()))
                // A process restarted after a crash takes the dispatcher lease over once it expires.
                .dispatcherOptions(DispatcherOptions.DEFAULT.withLeaseTtl(Duration.ofSeconds(15)))
                .consumerOptions(consumerOptions().withSessionIdleTimeout(Duration.ofSeconds(2)));
        if (!consumed.isEmpty()) {
            b.inbox(inbox);
            consumed.forEach(b::consume);
        }
        bus = b.build().start();
        http.start();
        Files.writeString(settings.portFile(), Integer.toString(http.port()), StandardCharsets.UTF_8);
        LOG.info("context started context={} http=127.0.0.1:{} data={}", settings.context(), http.port(), store.file());
    }

    /** The samples' contexts all publish with the same session setting, so each consumer sizes for it. */
    private ConsumerOptions consumerOptions() {
        return settings.sessionBuckets() == 0 ? ConsumerOptions.DEFAULT.withMaxConcurrentSessions(8)
                : ConsumerOptions.DEFAULT.withSessionBuckets(settings.sessionBuckets());
    }

    private SessionStrategy sessions() {
        return settings.sessionBuckets() == 0 ? SessionStrategy.PER_STREAM : SessionStrategy.buckets(settings.sessionBuckets());
    }

    /** Blocks until {@link #close()}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    private Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("context", settings.context());
        s.put("inbox", inbox.counters());
        if (bus != null) {
            bus.dispatcherStatus().ifPresent(d -> s.put("dispatcher", Map.of("commitsDispatched", d.commitsDispatched(),
                    "caughtUp", d.caughtUp(), "retries", d.retries(), "state", d.state().toString())));
            bus.publisherStats().ifPresent(p -> s.put("publisher", Map.of("commits", p.commits(), "sendCalls", p.sendCalls())));
        }
        stats.forEach((k, v) -> s.put(k, v.get()));
        return s;
    }

    private HttpApi.RawJson commits(String after, int max) {
        Position from = after.isEmpty() ? Position.BEGINNING : new Position(after);
        CommitPage page = store.readAll(from, Math.min(Math.max(max, 1), 5000));
        StringBuilder b = new StringBuilder("{\"next\":\"").append(page.next().token()).append("\",\"commits\":[");
        boolean first = true;
        for (Commit c : page.commits()) {
            if (!first) {
                b.append(',');
            }
            b.append(new String(CommitCodec.encode(store.context(), c), StandardCharsets.UTF_8));
            first = false;
        }
        return new HttpApi.RawJson(b.append("]}").toString());
    }

    @Override
    public void close() {
        // The bus first: its handlers write through the store and report gaps to the gap repair.
        http.close();
        closeQuietly(bus);
        while (!closeables.isEmpty()) {
            closeQuietly(closeables.pop());
        }
        store.close();
        stopped.countDown();
    }

    private void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("close failed context={} component={} error=\"{}\"", settings.context(), c, e.toString());
        }
    }
}
