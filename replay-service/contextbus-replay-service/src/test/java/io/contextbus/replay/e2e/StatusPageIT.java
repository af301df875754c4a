package io.contextbus.replay.e2e;

import static io.contextbus.replay.e2e.EndToEnd.BILLING;
import static io.contextbus.replay.e2e.EndToEnd.ORDERING;
import static io.contextbus.replay.e2e.EndToEnd.PATIENCE;
import static io.contextbus.replay.e2e.EndToEnd.SHIPPING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.handler.GapRepair;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.observation.ContextBusObserver;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.replay.service.DeadLetterCounts;
import io.contextbus.replay.service.ReplayService;
import io.contextbus.replay.service.ReplayServiceConfig;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.servicebus.local.EntityCounts;
import io.contextbus.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real headless chromium while real contexts run over the local broker: the
 * page's figures match the JSON API, a stopped dispatcher shows its lag rising, a dead-lettered
 * message shows on both consumers, a paced replay shows its progress bar and ETA. Leaves a
 * screenshot at {@code target/status-page.png} (the one in {@code docs/images/} comes from it).
 */
@ExtendWith(ChromiumAvailable.class)
@DisplayName("The live status page, in headless chromium, against running contexts")
class StatusPageIT {
    static final int STREAMS = 20;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ETA = "\\d+ (s|min \\d+ s)";
    /** Slow enough that the page, polling every 2 s, sees the replay part-way. */
    static final ReplayServiceConfig.Pacing SLOW = new ReplayServiceConfig.Pacing(10, 5, 1, 20, 5, 1, 8);

    @TempDir
    Path dir;

    @Test
    void the_page_shows_what_the_api_says_while_contexts_run() throws Exception {
        try (EndToEnd e2e = new EndToEnd(dir)) {
            // given: ordering dispatching, shipping and billing applying, 20 streams x 5 commits caught up
            List<StreamId> streams = EndToEnd.streams("order-", STREAMS);
            ContextBus dispatcher = e2e.dispatcher();
            e2e.consumer(SHIPPING, GapRepair.LOG_ONLY);
            e2e.consumer(BILLING, GapRepair.LOG_ONLY);
            e2e.append(streams, 1, 5, 2);
            Map<String, String> expected = e2e.expected(streams);
            Await.until(() -> e2e.model(SHIPPING).matches(ORDERING, expected) && e2e.model(BILLING).matches(ORDERING, expected),
                    PATIENCE, "both consumers caught up");
            ReplayService service = e2e.track(ReplayService.start(config(e2e), deadLetters(e2e), ContextBusObserver.NONE));
            Api api = new Api(service.uri());

            // then: the page is open and harmless, its data needs the token
            assertEquals(200, api.get("/status", false).statusCode());
            assertTrue(api.get("/status", false).headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertEquals(401, api.get("/status/data", false).statusCode());

            Path log = Files.createDirectories(dir.resolve("chromium")).resolve("chromium.log");
            try (HeadlessChromium browser = new HeadlessChromium(HeadlessChromium.binary().orElseThrow(), log)) {
                // when: the operator opens the page and gives the token
                browser.navigate(service.statusPage());
                Await.until(() -> truthy(browser, "document.readyState === 'complete' && !document.getElementById('connect').hidden"),
                        PATIENCE, "the page asks for the token");
                browser.evaluate("document.getElementById('token').value = " + JSON.writeValueAsString(EndToEnd.TOKEN)
                        + "; document.getElementById('connect').requestSubmit(); true");
                Await.until(() -> truthy(browser, "!!document.body.dataset.generatedAt"), PATIENCE, "the page shows figures");

                // then: all caught up, and every figure on the page is the API's
                Await.until(() -> pageMatchesApi(browser, api), PATIENCE, () -> "page vs API: " + safe(() -> figures(browser)));
                assertEquals(0, figure(browser, "ordering/dispatch/lag"));
                assertEquals(0, figure(browser, "shipping/ordering/lag"));
                assertEquals(STREAMS, figure(browser, "shipping/ordering/streams"));

                // when: the dispatcher stops and ordering goes on committing, the lag rises on the page
                e2e.stop(dispatcher);
                e2e.append(streams, 6, 6, 2);
                Await.until(() -> figure(browser, "ordering/dispatch/lag") == STREAMS, PATIENCE, "dispatch lag 20 shown");
                e2e.append(streams, 7, 8, 2);
                Await.until(() -> figure(browser, "ordering/dispatch/lag") == 3 * STREAMS, PATIENCE, "dispatch lag 60 shown");
                Await.until(() -> pageMatchesApi(browser, api), PATIENCE, () -> "page vs API: " + safe(() -> figures(browser)));
                assertEquals(3 * STREAMS, figure(browser, "shipping/ordering/lag"));
                assertEquals(STREAMS, figure(browser, "billing/ordering/behind"));

                // and: a message no consumer can decode is dead-lettered by both, and shows as such
                sendUndecodable(e2e);
                Await.until(() -> figure(browser, "shipping/ordering/deadLettered") == 1
                        && figure(browser, "billing/ordering/deadLettered") == 1, PATIENCE, "dead letters shown");

                // when: a paced replay resends ordering to shipping, the page shows it part-way, with an ETA
                ReplayClient client = EndToEnd.client(service);
                ReplayStatus submitted = client.submit(ReplayRequest.everything(SHIPPING, List.of(ORDERING)));
                String key = "replay/" + submitted.id() + "/";
                // (the ETA appears once the replay has a send rate, which may be a refresh after its first sends)
                AtomicReference<JsonNode> seen = new AtomicReference<>();
                Await.until(() -> {
                    JsonNode row = safe(() -> browser.evaluate(rowScript(key)));
                    seen.set(row);
                    double percent = row.path("percent").asDouble(-1);
                    return percent > 0 && percent < 100 && row.path("eta").asText().matches(ETA);
                }, PATIENCE, () -> "the replay shown part-way, with an ETA; last seen: " + seen.get());
                JsonNode shown = seen.get();
                ReplayStatus after = client.status(submitted.id()).orElseThrow();
                long shownSent = digits(shown.get("sent").asText().split("/")[0]);
                long shownPlanned = digits(shown.get("sent").asText().split("/")[1]);
                assertEquals(after.planned(), shownPlanned, "planned: " + shown);
                assertTrue(shownSent > 0 && shownSent <= after.sent(), "sent shown " + shownSent + ", API later " + after.sent());
                assertEquals(Math.round(1000.0 * shownSent / shownPlanned) / 10.0, shown.get("percent").asDouble(), 0.05);
                assertEquals("RUNNING", shown.get("state").asText());
                Files.write(Path.of("target", "status-page.png"), browser.screenshot());

                // then: once it completes, it leaves the page and shipping is caught up again
                Await.until(() -> client.status(submitted.id()).orElseThrow().isComplete(), PATIENCE, "replay complete");
                Await.until(() -> truthy(browser, "!document.getElementById('no-replays').hidden")
                        && figure(browser, "shipping/ordering/lag") == 0, PATIENCE, "replay gone, shipping caught up");
                Await.until(() -> pageMatchesApi(browser, api), PATIENCE, () -> "page vs API: " + safe(() -> figures(browser)));
                assertEquals(3 * STREAMS, figure(browser, "billing/ordering/lag"), "billing was not a replay target");
                assertTrue(truthy(browser, "document.getElementById('more-replays').hidden"), "no replays beyond the list");
            }
        }
    }

    /** Every context readable (the consumers' inboxes are in their own stores), with the topology. */
    static ReplayServiceConfig config(EndToEnd e2e) {
        ReplayServiceConfig base = e2e.serviceConfig(SLOW);
        Map<ContextName, ReplayServiceConfig.Context> contexts = new HashMap<>();
        for (ContextName c : List.of(ORDERING, SHIPPING, BILLING)) {
            contexts.put(c, ReplayServiceConfig.Context.sqliteSource(e2e.storeDir()));
        }
        return new ReplayServiceConfig(base.http(), base.authToken(), base.dataFile(), base.serviceBus(), contexts,
                base.topologyFile(), SLOW, base.resumeOnStart());
    }

    /** The in-JVM broker's own counts (the local broker serves no management API). */
    static DeadLetterCounts deadLetters(EndToEnd e2e) {
        return new DeadLetterCounts() {
            @Override
            public Map<String, OptionalLong> deadLettered() {
                Map<String, OptionalLong> counts = new HashMap<>();
                for (EntityCounts c : e2e.bus.allCounts().values()) {
                    counts.put(c.entityPath(), OptionalLong.of(c.deadLetterMessages()));
                }
                return counts;
            }

            @Override
            public String description() {
                return "local broker (in this JVM)";
            }
        };
    }

    static void sendUndecodable(EndToEnd e2e) {
        try (ServiceBusSenderClient sender = new ServiceBusClientBuilder().connectionString(e2e.bus.connectionString())
                .sender().topicName(ORDERING.topicName()).buildClient()) {
            sender.sendMessage(new ServiceBusMessage("this is not a commit").setSessionId("broken").setMessageId("broken:1"));
        }
    }

    /** The page's figures: data-key to the number shown (text without separators and trend arrows). */
    static Map<String, Long> figures(HeadlessChromium browser) throws Exception {
        JsonNode all = browser.evaluate("Object.fromEntries([...document.querySelectorAll('td[data-key]')]"
                + ".map(e => [e.dataset.key, e.firstChild ? e.firstChild.textContent : '']))");
        Map<String, Long> figures = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String text = e.getValue().asText();
            if (!e.getKey().startsWith("replay/") && text.matches("[0-9,]+")) {
                figures.put(e.getKey(), digits(text));
            }
        }
        return figures;
    }

    static long figure(HeadlessChromium browser, String key) {
        return safe(() -> figures(browser).getOrDefault(key, -1L));
    }

    /** Whether the page shows exactly the figures of the JSON snapshot it last rendered, fetched now by the test. */
    static boolean pageMatchesApi(HeadlessChromium browser, Api api) {
        return safe(() -> {
            JsonNode data = JSON.readTree(api.get("/status/data", true).body());
            Map<String, Long> expected = new HashMap<>();
            for (JsonNode c : data.get("contexts")) {
                String name = c.get("context").asText();
                JsonNode d = c.get("dispatch");
                if (!d.isNull()) {
                    expected.put(name + "/dispatch/head", d.get("head").asLong());
                    expected.put(name + "/dispatch/checkpoint", d.get("checkpoint").asLong());
                    expected.put(name + "/dispatch/lag", d.get("lag").asLong());
                }
                for (JsonNode l : c.get("consumes")) {
                    String k = name + "/" + l.get("source").asText() + "/";
                    expected.put(k + "streams", l.get("streams").asLong());
                    expected.put(k + "behind", l.get("streamsBehind").asLong());
                    expected.put(k + "lag", l.get("lag").asLong());
                    expected.put(k + "stashed", l.get("stashed").asLong());
                    expected.put(k + "parked", l.get("parked").asLong());
                    expected.put(k + "deadLettered", l.get("deadLettered").asLong());
                }
            }
            return expected.size() == 3 * 3 + 2 * 6 && expected.equals(figures(browser));
        });
    }

    /** The replay's row as shown: sent/planned, ETA, state and the bar's percent; {} while it is not shown. */
    static String rowScript(String key) {
        return "(() => { const q = k => document.querySelector('[data-key=\"" + key + "' + k + '\"]');"
                + " if (!q('sent')) return {};"
                + " return { sent: q('sent').textContent, eta: q('eta').textContent, state: q('state').textContent,"
                + " percent: Number(q('percent').getAttribute('aria-valuenow')) }; })()";
    }

    static boolean truthy(HeadlessChromium browser, String expression) {
        return safe(() -> browser.evaluate(expression).asBoolean());
    }

    static long digits(String text) {
        return Long.parseLong(text.replaceAll("[^0-9]", ""));
    }

    interface Check<T> {
        T get() throws Exception;
    }

    static <T> T safe(Check<T> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The replay service's HTTP API, with or without the bearer token. */
    record Api(URI base) {
        HttpResponse<String> get(String path, boolean withToken) throws Exception {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).GET();
            if (withToken) {
                r.header("Authorization", "Bearer " + EndToEnd.TOKEN);
            }
            return HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
