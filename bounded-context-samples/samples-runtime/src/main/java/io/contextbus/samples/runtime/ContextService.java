package io.contextbus.samples.runtime;

import io.contextbus.codec.CommitCodec;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.error.ValidationException;
import io.contextbus.handler.GapRepair;
import io.contextbus.handler.Handlers;
import io.contextbus.health.ComponentHealth;
import io.contextbus.health.HealthReport;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.replay.client.CatchUp;
import io.contextbus.replay.client.CatchUpStatus;
import io.contextbus.replay.client.Reconciler;
import io.contextbus.replay.client.ReconcilerOptions;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.client.ReplayGapRepair;
import io.contextbus.servicebus.ConsumerOptions;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.ContextBusBuilder;
import io.contextbus.servicebus.HealthOptions;
import io.contextbus.servicebus.PublisherOptions;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.store.EventStore;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process of one sample context, wired to contextbus through its public API only: its storage
 * ({@link SqliteStorage} or {@link CosmosStorage}, as the settings say), a {@link ContextBus} that
 * publishes the store's commits and consumes the declared sources through the store's inbox, and
 * the HTTP API with the endpoints every context has ({@code /health} and {@code /ready}: the bus's
 * health and readiness, 503 when DOWN; {@code /commits}, {@code /applied}, {@code /stats}, and the
 * held streams under {@code /holds}, see {@link HoldsApi}, and the dead letters under {@code /deadletters}, see
 * {@link DeadLettersApi}). A context adds its own handlers, routes and workers, then
 * calls {@link #start()}.
 *
 * @param <T> the inbox transaction type of its storage
 */
public final class ContextService<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ContextService.class);
    private static final Duration CATCH_UP_POLL = Duration.ofSeconds(1);

    private final ServiceSettings settings;
    private final SampleStorage<T> storage;
    private final AppliedLogDecorator<T> appliedLog;
    private final JsonHttpServer http;
    private final Map<String, Handlers<T>> consumed = new LinkedHashMap<>();
    private final Map<String, Supplier<Object>> stats = new LinkedHashMap<>();
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final InboxCounts inboxCounts = new InboxCounts();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private GapRepair gapRepair = GapRepair.LOG_ONLY;
    private ReplayClient replayClient;
    private HealthOptions healthOptions = HealthOptions.DEFAULT;
    private volatile ContextBus bus;

    /** The service on SQLite in the settings' data directory (the settings name no Cosmos DB). */
    public static ContextService<Connection> onSqlite(ServiceSettings settings) throws IOException {
        return on(settings, new SqliteStorage(settings.dataDir(), ContextName.of(settings.context())));
    }

    /** The service on the Cosmos DB the settings name. */
    public static ContextService<CosmosInboxTransaction> onCosmos(ServiceSettings settings) throws IOException {
        CosmosSettings cosmos = settings.cosmos().orElseThrow(() -> new SettingException("CONTEXTBUS_STORE",
                "'CONTEXTBUS_STORE' is not 'cosmos'."));
        return on(settings, new CosmosStorage(cosmos, ContextName.of(settings.context())));
    }

    private static <T> ContextService<T> on(ServiceSettings settings, SampleStorage<T> storage) throws IOException {
        try {
            return new ContextService<>(settings, storage);
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    public ContextService(ServiceSettings settings, SampleStorage<T> storage) throws IOException {
        this.settings = settings;
        this.storage = storage;
        this.appliedLog = new AppliedLogDecorator<>(storage.appliedLog());
        this.http = new JsonHttpServer(settings.httpHost(), settings.httpPort());
        http.route("GET", "/health", r -> health(bus == null ? null : bus.health()));
        http.route("GET", "/ready", r -> health(bus == null ? null : bus.readiness()));
        http.route("GET", "/commits", r -> JsonHttpServer.Response.ok(commits(r.query().getOrDefault("after", ""),
                (int) r.longParam("max", 1000))));
        http.route("GET", "/applied", r -> JsonHttpServer.Response.ok(appliedLog.read(r.longParam("after", 0), (int) r.longParam("max", 5000))));
        http.route("GET", "/stats", r -> JsonHttpServer.Response.ok(stats()));
        HoldsApi.register(http, () -> bus);
        DeadLettersApi.register(http, () -> bus);
        if (settings.replayUrl().isPresent() && settings.replayToken().isPresent()) {
            replayClient = ReplayClient.create(URI.create(settings.replayUrl().get()), settings.replayToken().get());
            ReplayGapRepair repair = new ReplayGapRepair(replayClient, ContextName.of(settings.context()));
            gapRepair = repair;
            stat("gapRepair", () -> Map.of("replaysRequested", repair.requested(), "gapsAbsorbed", repair.absorbed()));
            onClose(repair);
        }
    }

    /** Where this context keeps everything. */
    public SampleStorage<T> storage() {
        return storage;
    }

    /** The context's own event store. */
    public EventStore store() {
        return storage.events();
    }

    /**
     * The handler decorator that records each applied commit in the applied log ({@code /applied}):
     * every context registers it on the handlers it consumes with, with
     * {@code Handlers.builder(...).decorate(service.appliedLog())}.
     */
    public AppliedLogDecorator<T> appliedLog() {
        return appliedLog;
    }

    public JsonHttpServer http() {
        return http;
    }

    /** Consume {@code source}'s topic with {@code handlers}. */
    public ContextService<T> consume(String source, Handlers<T> handlers) {
        consumed.put(source, handlers);
        return this;
    }

    /**
     * The limits the context's {@code /health} and {@code /ready} judge by (before {@link #start()});
     * {@link HealthOptions#DEFAULT} unless set.
     */
    public ContextService<T> healthOptions(HealthOptions value) {
        this.healthOptions = ValidationException.requireNonNull(value, "healthOptions");
        return this;
    }

    /** Adds a figure to {@code /stats}. */
    public ContextService<T> stat(String name, Supplier<Object> value) {
        stats.put(name, value);
        return this;
    }

    /** Closed (in reverse order) when the service closes: after the bus, before the store. */
    public ContextService<T> onClose(AutoCloseable closeable) {
        closeables.push(closeable);
        return this;
    }

    /** Starts the bus and the HTTP API, then writes the port file the demo waits for. */
    public void start() throws IOException {
        if (!Files.isRegularFile(settings.topologyFile())) {
            throw new SettingException("CONTEXTBUS_TOPOLOGY", "The topology file '" + settings.topologyFile().toAbsolutePath()
                    + "' ('CONTEXTBUS_TOPOLOGY' or '--topology') does not exist.");
        }
        ContextBusBuilder<T> b = ContextBus.<T>builder()
                .context(settings.context())
                .topology(Topology.read(settings.topologyFile()))
                .store(storage.events())
                .checkpoints(storage.checkpoints())
                .gapRepair(gapRepair)
                .publisherOptions(PublisherOptions.DEFAULT.withSessions(sessions()))
                // A process restarted after a crash takes the dispatcher lease over once it expires.
                .dispatcherOptions(DispatcherOptions.DEFAULT.withLeaseTtl(Duration.ofSeconds(15)))
                .consumerOptions(consumerOptions().withSessionIdleTimeout(Duration.ofSeconds(2)))
                .observer(inboxCounts)
                .healthOptions(healthOptions);
        if (settings.namespace().isPresent()) {
            // AZURE_CLIENT_ID (set on the container app) selects the user-assigned managed identity.
            b.credential(settings.namespace().get());
        } else {
            b.connectionString(settings.connectionString());
        }
        if (!consumed.isEmpty()) {
            b.inbox(storage.inbox());
            consumed.forEach(b::consume);
        }
        CatchUp catchUp = catchUp();
        if (catchUp != null) {
            b.readinessCheck(catchUp.readinessCheck());
        }
        bus = b.build().start();
        if (catchUp != null) {
            catchUp.start();
        }
        http.start();
        if (storage instanceof SqliteStorage) {
            Files.writeString(settings.portFile(), Integer.toString(http.port()), StandardCharsets.UTF_8);
        }
        LOG.info("context started context={} http={}:{} data={}", settings.context(), settings.httpHost(), http.port(),
                storage.location());
    }

    /**
     * With a replay service, a context that consumes catches up by itself: at start it compares its
     * sources' stream heads with its inbox and asks for exactly the missing tails (everything, for a
     * context deployed for the first time or that lost its store), and is not ready until it has
     * applied them; then its {@link Reconciler} does the same every 5 minutes for heads older than
     * 2 minutes, which finds a lost last commit. Null when off ({@code CONTEXTBUS_CATCH_UP=off}) or
     * without a replay service.
     */
    private CatchUp catchUp() {
        if (replayClient == null || consumed.isEmpty() || !settings.catchUp()) {
            return null;
        }
        ContextName context = ContextName.of(settings.context());
        List<ContextName> sources = consumed.keySet().stream().map(ContextName::of).toList();
        Reconciler reconciler = new Reconciler(replayClient, context, sources, storage.inbox(),
                storage.reconcileJournal(), ReconcilerOptions.DEFAULT).start();
        CatchUp catchUp = CatchUp.fromInbox(reconciler, context, storage.inbox(), CATCH_UP_POLL);
        onClose(reconciler);
        onClose(catchUp);
        stat("catchUp", () -> {
            CatchUpStatus s = catchUp.status();
            return Map.of("state", s.state().name(), "missingCommits", s.planned(), "applied", s.sent());
        });
        return catchUp;
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
        Map<String, Object> inbox = new LinkedHashMap<>();
        inbox.put("applied", appliedLog.applied());
        inbox.putAll(inboxCounts.toMap());
        s.put("inbox", inbox);
        if (bus != null) {
            bus.dispatcherStatus().ifPresent(d -> s.put("dispatcher", Map.of("commitsDispatched", d.commitsDispatched(),
                    "caughtUp", d.caughtUp(), "retries", d.retries(), "state", d.state().toString())));
            bus.publisherStats().ifPresent(p -> s.put("publisher", Map.of("commits", p.commits(), "sendCalls", p.sendCalls())));
        }
        stats.forEach((k, v) -> s.put(k, v.get()));
        return s;
    }

    /** The report as JSON with the context's name: 200 when UP, 503 when DOWN (or not started yet). */
    private JsonHttpServer.Response health(HealthReport report) {
        HealthReport r = report != null ? report
                : HealthReport.of(List.of(ComponentHealth.down("bus", "The context has not started yet.")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("context", settings.context());
        body.putAll(r.toMap());
        return new JsonHttpServer.Response(r.isUp() ? 200 : 503, body);
    }

    private JsonHttpServer.RawJson commits(String after, int max) {
        Position from = after.isEmpty() ? Position.BEGINNING : new Position(after);
        CommitPage page = storage.events().readAll(from, Math.min(Math.max(max, 1), 5000));
        StringBuilder b = new StringBuilder("{\"next\":\"").append(page.next().token()).append("\",\"commits\":[");
        boolean first = true;
        for (Commit c : page.commits()) {
            if (!first) {
                b.append(',');
            }
            b.append(new String(CommitCodec.encode(ContextName.of(settings.context()), c), StandardCharsets.UTF_8));
            first = false;
        }
        return new JsonHttpServer.RawJson(b.append("]}").toString());
    }

    @Override
    public void close() {
        // The bus first: its handlers write through the store and report gaps to the gap repair.
        http.close();
        closeQuietly(bus);
        while (!closeables.isEmpty()) {
            closeQuietly(closeables.pop());
        }
        storage.close();
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
