package io.contextbus.samples.billing.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.dispatch.DispatcherOptions;
import io.contextbus.handler.CommitContext;
import io.contextbus.handler.HandlerDecorator;
import io.contextbus.inbox.ApplyOutcome;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.samples.common.contracts.BillingContract;
import io.contextbus.samples.common.contracts.LineItem;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.common.contracts.OrderingContract.OrderCancelled;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmationRequested;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmed;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.store.EventStore;
import io.contextbus.store.cosmos.CosmosEventStore;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import io.contextbus.store.cosmos.CosmosTestTarget;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.testsupport.TestContexts;
import io.contextbus.topology.ContextBusTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The billing application with {@code contextbus.store.type=cosmos} (what {@code CONTEXTBUS_STORE=cosmos}
 * sets) against the Cosmos DB stand-in (or the account {@code CONTEXTBUS_COSMOS_ENDPOINT} names) and
 * the in-JVM local broker: it applies ordering's commits once and in order per stream, also when
 * ordering's commits are all delivered a second time, and issues exactly one invoice commit per
 * confirmed order; its HTTP API answers from the Cosmos DB read model.
 */
@DisplayName("billing on Cosmos DB")
class BillingOnCosmosIT {
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final int ORDERS = 12;
    private static final Duration DEDUPE_WINDOW = Duration.ofSeconds(40);
    private static final String SUBSCRIPTION = OrderingContract.CONTEXT + ".events/subscriptions/" + BillingContract.CONTEXT;
    private static final EventCodec ORDERING = new EventCodec(EventTypeRegistry.builder()
            .register(OrderConfirmationRequested.class).register(OrderConfirmed.class).register(OrderCancelled.class).build());

    @TempDir
    Path dir;
    private LocalBus bus;
    private TestContexts ordering;
    private TestContexts orderingAgain;
    private ConfigurableApplicationContext app;

    /** Records, after its inbox batch committed, each commit billing applied: "stream:seq". */
    @Configuration(proxyBeanMethods = false)
    static class CommittedApplies {
        static final List<String> APPLIED = new CopyOnWriteArrayList<>();

        @Bean
        HandlerDecorator<CosmosInboxTransaction> committedApplies() {
            return new HandlerDecorator<>() {
                @Override
                public ApplyOutcome aroundCommit(CommitContext<CosmosInboxTransaction> commit, CommitStep next) {
                    ApplyOutcome outcome = next.proceed();
                    if (outcome == ApplyOutcome.APPLIED) {
                        String entry = commit.commit().streamId().value() + ":" + commit.commit().commitSequence();
                        commit.transaction().afterCommit(() -> APPLIED.add(entry));
                    }
                    return outcome;
                }
            };
        }
    }

    @BeforeEach
    void start() {
        CommittedApplies.APPLIED.clear();
        // A short duplicate detection window (still longer than the dispatcher's retry horizon), so that
        // ordering's commits can be sent a second time.
        bus = LocalBus.start(ContextBusTopology.builder().duplicateDetectionWindow(DEDUPE_WINDOW).context(OrderingContract.CONTEXT)
                .context(BillingContract.CONTEXT, ContextBusTopology.consumes(OrderingContract.CONTEXT)).build());
        ordering = new TestContexts(LocalBus.storeOptions(dir.resolve("ordering")));
        orderingAgain = new TestContexts(LocalBus.storeOptions(dir.resolve("ordering-again")));
        CosmosTestTarget cosmos = CosmosTestTarget.get();
        // As command-line arguments, which win over application.properties (as the CONTEXTBUS_* variables do).
        Map<String, Object> properties = new HashMap<>();
        properties.put("contextbus.store.type", "cosmos");
        properties.put("contextbus.store.cosmos.endpoint", cosmos.endpoint());
        properties.put("contextbus.store.cosmos.key", cosmos.key());
        properties.put("contextbus.store.cosmos.database", "billing-" + UUID.randomUUID().toString().substring(0, 8));
        properties.put("contextbus.servicebus.connection-string", bus.connectionString());
        properties.put("contextbus.topology", bus.writeTopology(dir.resolve("topology.json")).toString());
        properties.put("contextbus.consumer.max-concurrent-sessions", "8");
        app = new SpringApplicationBuilder(BillingService.class, CommittedApplies.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        ordering.close();
        orderingAgain.close();
        bus.close();
    }

    @Test
    void applies_orderings_commits_once_and_in_order_and_issues_one_invoice_per_confirmed_order() throws Exception {
        // Two orders' commits are appended before ordering's bus starts, the rest after.
        Map<String, List<CommitAttempt>> commits = orderingCommits();
        List<String> expected = commits.values().stream().flatMap(List::stream)
                .map(a -> a.streamId().value() + ":" + a.commitSequence()).sorted().toList();
        int confirmed = (ORDERS + 1) / 2;

        EventStore orderingStore = ordering.store(ContextName.of(OrderingContract.CONTEXT));
        List<List<CommitAttempt>> streams = new ArrayList<>(commits.values());
        streams.subList(0, 2).forEach(s -> s.forEach(orderingStore::append));
        startOrdering(ordering);
        streams.subList(2, streams.size()).forEach(s -> s.forEach(orderingStore::append));

        CosmosEventStore billingStore = app.getBean(CosmosEventStore.class);
        Await.until(() -> CommittedApplies.APPLIED.size() >= expected.size() && invoiceCommits(billingStore).size() >= confirmed,
                DEADLINE, "every ordering commit applied and every invoice issued");
        assertOnceAndInOrder(expected);

        // Every ordering commit delivered again (a second store holding the same commits, dispatched
        // from the beginning, once the broker's duplicate detection forgot them): each is a duplicate
        // for billing's inbox; nothing is applied or invoiced twice.
        EventStore again = orderingAgain.store(ContextName.of(OrderingContract.CONTEXT));
        commits.values().forEach(s -> s.forEach(again::append));
        long routed = bus.broker().counts(SUBSCRIPTION).messagesEnqueued();
        bus.clock().advance(DEDUPE_WINDOW.plusSeconds(1));
        startOrdering(orderingAgain);
        Await.until(() -> bus.broker().counts(SUBSCRIPTION).messagesEnqueued() >= routed + expected.size()
                && bus.broker().counts(SUBSCRIPTION).activeMessages() == 0, DEADLINE,
                "ordering's commits delivered to billing a second time and settled");
        AppliedLog<?> appliedLog = app.getBean(AppliedLog.class);
        Await.until(() -> appliedLog.applied() == expected.size() && app.getBean(Invoices.class).counts().get("issued")
                .equals((long) confirmed), DEADLINE, "billing's applied log and invoices settled");

        assertOnceAndInOrder(expected);
        List<Commit> invoices = invoiceCommits(billingStore);
        assertEquals(confirmed, invoices.size(), "one invoice commit per confirmed order: " + invoices);
        for (Commit c : invoices) {
            assertEquals(1, c.commitSequence());
            EventMessage issued = c.events().get(0);
            assertEquals(BillingContract.INVOICE_ISSUED, issued.type());
        }
        assertEquals(commits.keySet().stream().filter(s -> Integer.parseInt(s.substring("order-o".length())) % 2 == 0)
                        .map(s -> BillingContract.streamOf(s.substring("order-".length()))).sorted().toList(),
                invoices.stream().map(c -> c.streamId().value()).sorted().toList());

        assertHttpApi(expected, confirmed);
    }

    /**
     * Ordering's commits by stream: each order's confirmation is requested, then it is confirmed (even
     * orders) or cancelled (odd ones); order 0 also gets a third commit.
     */
    private static Map<String, List<CommitAttempt>> orderingCommits() {
        Map<String, List<CommitAttempt>> commits = new TreeMap<>();
        for (int i = 0; i < ORDERS; i++) {
            String orderId = "o" + i;
            List<LineItem> lines = List.of(new LineItem(1, "sku-a", 2), new LineItem(2, "sku-b", i + 1));
            List<Object> events = new ArrayList<>(List.of(new OrderConfirmationRequested(orderId, lines),
                    i % 2 == 0 ? new OrderConfirmed(orderId, lines) : new OrderCancelled(orderId, "no stock", lines)));
            if (i == 0) {
                events.add(new OrderCancelled(orderId, "changed mind", lines));
            }
            List<CommitAttempt> attempts = new ArrayList<>();
            for (int s = 0; s < events.size(); s++) {
                attempts.add(new CommitAttempt(StreamId.of(OrderingContract.streamOf(orderId)), s + 1, s + 1,
                        UUID.randomUUID(), Instant.now(), Map.of(), List.of(ORDERING.encode(events.get(s)))));
            }
            commits.put(OrderingContract.streamOf(orderId), attempts);
        }
        return commits;
    }

    /** The HTTP API answers from Cosmos DB. */
    private void assertHttpApi(List<String> expected, int confirmed) throws Exception {
        JsonNode state = get("/state");
        assertEquals(confirmed, state.path("invoices").size(), state.toString());
        assertEquals(3, state.path("invoices").get(0).path("quantity").asInt(), "order o0: 2 + 1 units");
        JsonNode stats = get("/stats");
        assertEquals(expected.size(), stats.path("inbox").path("applied").asLong(), stats.toString());
        assertEquals(confirmed, stats.path("billing").path("invoices").asLong(), stats.toString());
        assertEquals(confirmed, stats.path("billing").path("issued").asLong(), stats.toString());
        JsonNode applied = get("/applied?after=0&max=5000");
        List<String> logged = new ArrayList<>();
        applied.forEach(e -> logged.add(e.get(2).asText() + ":" + e.get(3).asLong()));
        assertEquals(expected, logged.stream().sorted().toList(), "the applied log holds each commit once");
        assertEquals("up", get("/health").path("status").asText());
    }

    private void startOrdering(TestContexts contexts) {
        EventStore store = contexts.store(ContextName.of(OrderingContract.CONTEXT));
        contexts.track(ContextBus.builder().context(OrderingContract.CONTEXT).connectionString(bus.connectionString())
                .topology(bus.topology()).store(store)
                .checkpoints(contexts.store(ContextName.of(OrderingContract.CONTEXT)).checkpoints())
                .dispatcherOptions(DispatcherOptions.DEFAULT).build().start());
    }

    /** Each commit applied once, and the commits of each stream in sequence order. */
    private static void assertOnceAndInOrder(List<String> expected) {
        List<String> applied = List.copyOf(CommittedApplies.APPLIED);
        assertEquals(expected, applied.stream().sorted().toList(), "each ordering commit applied once");
        Map<String, Long> last = new HashMap<>();
        for (String entry : applied) {
            String stream = entry.substring(0, entry.lastIndexOf(':'));
            long seq = Long.parseLong(entry.substring(entry.lastIndexOf(':') + 1));
            assertEquals(last.getOrDefault(stream, 0L) + 1, seq, "apply order of " + stream + " in " + applied);
            last.put(stream, seq);
        }
    }

    private static List<Commit> invoiceCommits(EventStore store) {
        List<Commit> out = new ArrayList<>();
        Position position = Position.BEGINNING;
        while (true) {
            var page = store.readAll(position, 500);
            page.commits().stream().filter(c -> c.streamId().value().startsWith("invoice-")).forEach(out::add);
            if (page.commits().isEmpty() || page.next().equals(position)) {
                return out;
            }
            position = page.next();
        }
    }

    private JsonNode get(String path) throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertTrue(response.statusCode() < 300, path + " answered " + response.statusCode() + ": " + response.body());
        return new ObjectMapper().readTree(response.body());
    }
}
