package io.contextbus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.handler.HandlerResult;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.store.EventStore;
import io.contextbus.store.sqlite.SqliteEventStore;
import io.contextbus.testkit.Await;
import io.contextbus.testkit.TestCommits;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.testsupport.TestContexts;
import io.micrometer.core.instrument.MeterRegistry;
import io.contextbus.topology.ContextBusTopology;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application made of properties and handler beans only, against the in-JVM local
 * broker: it consumes ordering's commits once and in order per stream, publishes its own commits,
 * and its actuator health (the starter's {@code contextBus} indicator) goes DOWN when the broker
 * stops and UP when it returns.
 */
class SpringBootContextIT {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int STREAMS = 6;
    private static final int COMMITS = 8;

    @TempDir
    Path dir;
    private LocalBus bus;
    private TestContexts contexts;
    private ConfigurableApplicationContext app;

    /** The test application: a context that records what it applies, in its own store's transaction. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class BillingApplication {
        static final List<String> APPLIED = new CopyOnWriteArrayList<>();

        @Bean
        ContextBusHandler<EventMessage, Connection> onTestEvent() {
            return ContextBusHandler.onType("ordering", TestCommits.EVENT_TYPE, (event, ctx) -> {
                try (PreparedStatement s = ctx.transaction().prepareStatement(
                        "INSERT INTO seen(stream, seq) VALUES (?, ?)")) {
                    s.setString(1, ctx.commit().streamId().value());
                    s.setLong(2, ctx.commit().commitSequence());
                    s.executeUpdate();
                }
                return HandlerResult.HANDLED;
            });
        }

        @Bean
        HandlerDecorator<Connection> appliedRecorder() {
            return new HandlerDecorator<>() {
                @Override
                public ApplyOutcome aroundCommit(io.contextbus.handler.CommitContext<Connection> commit, CommitStep next) {
                    ApplyOutcome outcome = next.proceed();
                    if (outcome == ApplyOutcome.APPLIED) {
                        APPLIED.add(commit.commit().streamId().value() + ":" + commit.commit().commitSequence());
                    }
                    return outcome;
                }
            };
        }
    }

    @BeforeEach
    void start() {
        BillingApplication.APPLIED.clear();
        bus = LocalBus.start(ContextBusTopology.builder().context("ordering")
                .context("billing", ContextBusTopology.consumes("ordering")).build());
        contexts = new TestContexts(LocalBus.storeOptions(dir.resolve("ordering")));
        contexts.track(ContextBus.builder().context("ordering").connectionString(bus.connectionString())
                .topology(bus.topology()).store(contexts.store(ContextName.of("ordering")))
                .checkpoints(contexts.store(ContextName.of("ordering")).checkpoints())
                .dispatcherOptions(DispatcherOptions.DEFAULT).build().start());
        Path topology = bus.writeTopology(dir.resolve("topology.json"));
        app = new SpringApplicationBuilder(BillingApplication.class).web(WebApplicationType.NONE)
                .properties(Map.of(
                        "contextbus.context", "billing",
                        "contextbus.servicebus.connection-string", bus.connectionString(),
                        "contextbus.topology", topology.toString(),
                        "contextbus.store.sqlite.directory", dir.resolve("billing").toString(),
                        "contextbus.consumer.max-concurrent-sessions", "8",
                        "contextbus.consumer.session-idle-timeout", "2s",
                        // the broker is judged DOWN after seconds instead of the default 40
                        "contextbus.health.broker-probe-interval", "500ms",
                        "contextbus.health.broker-probe-timeout", "5s",
                        "contextbus.health.consumer-error-window", "5s"))
                .run();
        app.getBean(SqliteEventStore.class).write(c -> {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS seen(stream TEXT, seq INTEGER)");
            return null;
        });
    }

    /** The handler's rows, in the order their transactions committed: "stream:seq". */
    private List<String> seen() {
        return app.getBean(SqliteEventStore.class).read(c -> {
            List<String> out = new ArrayList<>();
            try (ResultSet r = c.createStatement().executeQuery("SELECT stream, seq FROM seen ORDER BY rowid")) {
                while (r.next()) {
                    out.add(r.getString(1) + ":" + r.getLong(2));
                }
            }
            return out;
        });
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        contexts.close();
        bus.close();
    }

    @Test
    void consumesOnceInOrderPublishesAndReportsHealth() throws Exception {
        List<String> streams = TestContexts.streams("order-", STREAMS);
        contexts.appendRange(ContextName.of("ordering"), streams, 1, COMMITS, 3,
                (s, seq) -> TestCommits.attempt(StreamId.of(s), seq));
        // What the handler wrote is the committed truth: rows exist only for transactions that committed.
        Await.until(() -> seen().size() >= STREAMS * COMMITS, DEADLINE,
                () -> "billing committed " + seen().size() + " of " + STREAMS * COMMITS + " commits");
        Map<String, List<Long>> applied = new TreeMap<>();
        for (String a : seen()) {
            applied.computeIfAbsent(a.substring(0, a.lastIndexOf(':')), k -> new ArrayList<>())
                    .add(Long.parseLong(a.substring(a.lastIndexOf(':') + 1)));
        }
        List<Long> oneToN = java.util.stream.LongStream.rangeClosed(1, COMMITS).boxed().toList();
        streams.forEach(s -> assertEquals(oneToN, applied.get(s), "stream " + s + " applied once, in order"));
        assertEquals(STREAMS * COMMITS, seen().size(), "each commit applied once");
        assertTrue(BillingApplication.APPLIED.size() >= STREAMS * COMMITS, "the decorator bean saw every commit");
        MeterRegistry meters = app.getBean(MeterRegistry.class);
        Await.until(() -> meters.find("contextbus.consumer.applied").counters().stream()
                        .mapToDouble(c -> c.count()).sum() >= STREAMS * COMMITS, DEADLINE,
                () -> "the applied meter (contextbus-micrometer, bound by the starter) shows "
                        + meters.find("contextbus.consumer.applied").counters().stream().mapToDouble(c -> c.count()).sum());

        EventStore billing = app.getBean(EventStore.class);
        for (long seq = 1; seq <= 3; seq++) {
            billing.append(TestCommits.attempt(StreamId.of("invoice-1"), seq));
        }
        Await.until(() -> bus.enqueued("billing.events") >= 3, DEADLINE,
                () -> "billing.events holds " + bus.enqueued("billing.events") + " of 3 commits");

        HealthEndpoint health = app.getBean(HealthEndpoint.class);
        Await.until(() -> Status.UP.equals(health.health().getStatus()), DEADLINE, () -> "health is " + describe(health));
        bus.broker().stopNetwork();
        Await.until(() -> Status.DOWN.equals(health.health().getStatus()), DEADLINE,
                () -> "with the broker gone, health is still " + describe(health));
        bus.broker().startNetwork();
        Await.until(() -> Status.UP.equals(health.health().getStatus()), DEADLINE,
                () -> "with the broker back, health is still " + describe(health));
        assertTrue(app.getBean(ContextBusLifecycle.class).isRunning());
    }

    private static String describe(HealthEndpoint health) {
        return health.health().getStatus() + " " + health.healthForPath("contextBus");
    }
}
