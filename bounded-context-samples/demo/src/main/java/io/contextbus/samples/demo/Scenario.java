package io.contextbus.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.model.ContextName;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.client.ReplayClient;
import io.contextbus.samples.demo.check.ConsistencyChecker;
import io.contextbus.samples.demo.check.ConsistencyReport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The main job's scenario: start everything, place orders, take shipping down and lose its
 * messages, bring it back with a replay, wait for every context to be consistent, check it against
 * the source events and report. Returns 0 when consistent, 1 when not.
 */
final class Scenario {
    private static final String SHIPPING_SUBSCRIPTION = "ordering.events/subscriptions/shipping";

    private final DemoOptions options;
    private final Cluster cluster;
    private final PrintStream out;
    private final Progress progress;
    private final JsonHttp http = new JsonHttp();
    private final ConsistencyChecker checker = ConsistencyChecker.forSample();
    private double placingSeconds;

    Scenario(DemoOptions options, Cluster cluster, PrintStream out) {
        this.options = options;
        this.cluster = cluster;
        this.out = out;
        this.progress = new Progress(out);
    }

    int run() throws IOException, InterruptedException {
        progress.step(1, "start the local Service Bus, ordering, inventory, shipping, billing and the replay service");
        cluster.start(progress);
        registerProducts();
        OrderLoad load = new OrderLoad(http, cluster.contextUrl("ordering"), options.products(), options.seed());
        long firstOrder = System.nanoTime();

        progress.step(2, String.format("place %,d orders over %d products from %d concurrent clients;"
                + " crash inventory half way", options.ordersBeforeFault(), options.products(), options.clients()));
        placeWithInventoryCrash(load);

        progress.step(3, "stop shipping, keep placing orders, purge shipping's subscription (as if its messages expired)");
        JsonNode shippingBefore = http.get(cluster.contextUrl("shipping") + "/stats");
        int purged = shippingOutage(load);

        progress.step(4, "restart shipping (gaps repaired on demand), then replay ordering's commits to it through"
                + " the replay service's REST API");
        cluster.startContext("shipping");
        progress.say("shipping restarted on " + cluster.contextUrl("shipping"));
        awaitOrdersDecided();
        long replayStart = System.nanoTime();
        ReplayStatus replay = replay();

        progress.step(5, "wait until every context is consistent and check it against a fold of the source events");
        ConsistencyReport report = awaitConsistent();
        CarrierCheck carrier = awaitCarrier();
        DemoFigures figures = new DemoFigures(options.orders(), placingSeconds, purged, replay.sent(),
                seconds(replayStart), seconds(firstOrder),
                shippingBefore.path("gapRepair").path("replaysRequested").asLong(),
                shippingBefore.path("inbox").path("duplicatesDropped").asLong());

        progress.step(6, "report");
        DemoReport.print(out, figures, ClusterReadout.take(http, cluster), http.get(cluster.brokerUrl() + "/stats"), report,
                carrier);
        out.println("logs: " + cluster.logDir());
        return report.consistent() && carrier.consistent() ? 0 : 1;
    }

    /**
     * A crash while commits flow: inventory's dispatcher republishes what it had sent but not yet
     * checkpointed (the broker drops those duplicates); its inbox and queued commands resume.
     */
    private void placeWithInventoryCrash(OrderLoad load) throws IOException, InterruptedException {
        int half = options.ordersBeforeFault() / 2;
        place(load, 0, half);
        cluster.killContext("inventory");
        progress.say("inventory killed (SIGKILL, as in a crash) while orders flow; restarting it");
        cluster.startContext("inventory");
        progress.say("inventory restarted on " + cluster.contextUrl("inventory"));
        place(load, half, options.ordersBeforeFault());
    }

    /**
     * Shipping down while orders keep coming, then its subscription purged while ordering is still
     * deciding some orders: their confirmations reach shipping live after its restart, ahead of the
     * purged placements, so shipping sees gaps to repair. Returns how many messages were purged.
     */
    private int shippingOutage(OrderLoad load) throws IOException, InterruptedException {
        int exit = cluster.stopContext("shipping");
        progress.say("shipping stopped (" + (exit == 143 ? "SIGTERM, store and bus closed by its shutdown hook"
                : "exit code " + exit) + ")");
        place(load, options.ordersBeforeFault(), options.orders());
        int purged = http.post(cluster.brokerUrl() + "/purge?entity=" + SHIPPING_SUBSCRIPTION, null).path("purged").asInt();
        progress.say(String.format("purged %,d messages from %s: shipping will never receive them live", purged,
                SHIPPING_SUBSCRIPTION));
        return purged;
    }

    private void place(OrderLoad load, int from, int to) throws InterruptedException {
        long start = System.nanoTime();
        load.place(from, to, options.clients(), progress);
        placingSeconds += seconds(start);
    }

    private void registerProducts() throws IOException, InterruptedException {
        for (int p = 1; p <= options.products(); p++) {
            http.post(cluster.contextUrl("inventory") + "/products",
                    Map.of("sku", OrderLoad.sku(p), "quantity", options.stockPerProduct()));
        }
        progress.say(String.format("registered %d products with %,d units each", options.products(),
                options.stockPerProduct()));
    }

    /** Waits until ordering decided every order, so that every message for shipping is in its subscription. */
    private void awaitOrdersDecided() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(options.convergeTimeout());
        while (true) {
            JsonNode orders = http.get(cluster.contextUrl("ordering") + "/state").path("orders");
            long decided = 0;
            for (JsonNode status : orders) {
                decided += status.asText().equals("CONFIRMED") || status.asText().equals("CANCELLED") ? 1 : 0;
            }
            JsonNode stats = http.get(cluster.contextUrl("ordering") + "/stats");
            boolean published = stats.path("dispatcher").path("caughtUp").asBoolean();
            progress.say(String.format("  ordering decided %,d of %,d orders%s", decided, options.orders(),
                    published ? ", all published" : ""));
            if (decided == options.orders() && published) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("ordering decided only " + decided + " of " + options.orders()
                        + " orders within " + options.convergeTimeout() + "; see " + cluster.logDir());
            }
            Thread.sleep(1_000);
        }
    }

    private ReplayStatus replay() throws InterruptedException {
        ReplayClient client = ReplayClient.create(URI.create(cluster.replayUrl()), cluster.token());
        ReplayStatus status = client.submit(ReplayRequest.everything(ContextName.of("shipping"),
                List.of(ContextName.of("ordering"))));
        progress.say("POST " + cluster.replayUrl() + "/replays -> replay " + status.id() + " " + status.state());
        Instant deadline = Instant.now().plus(options.convergeTimeout());
        while (!status.state().isTerminal()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("replay " + status.id() + " did not finish within " + options.convergeTimeout());
            }
            Thread.sleep(1_000);
            status = client.status(status.id()).orElseThrow();
            progress.say(String.format("  replay %s: %s, sent %,d of %,d commits (%.0f/s)", status.id(), status.state(),
                    status.sent(), status.planned(), status.ratePerSecond()));
        }
        if (!status.isComplete()) {
            throw new IllegalStateException("replay " + status.id() + " ended " + status.state() + ": " + status.errors());
        }
        return status;
    }

    private ConsistencyReport awaitConsistent() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(options.convergeTimeout());
        while (true) {
            List<String> crashed = cluster.crashed();
            if (!crashed.isEmpty()) {
                throw new IllegalStateException("processes died: " + crashed);
            }
            ClusterReadout s = ClusterReadout.take(http, cluster);
            ConsistencyReport report = checker.check(s.commits(), s.states());
            if (report.consistent() || Instant.now().isAfter(deadline)) {
                progress.say(report.consistent() ? "  consistent" : "  still inconsistent at the deadline");
                return report;
            }
            progress.say(String.format("  not yet (shipping applied %,d commits, asked for %d gap repairs): %d"
                    + " violations, e.g. %s", s.states().appliedLogs().get("shipping").size(),
                    s.stat("shipping", "gapRepair", "replaysRequested"), report.violations().size(),
                    report.violations().get(0)));
            Thread.sleep(2_000);
        }
    }

    /**
     * Waits until the carrier's last status of every shipment is shipping's (its debounced
     * propagation pushes a shipment once the order's commits went quiet).
     */
    private CarrierCheck awaitCarrier() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(options.convergeTimeout());
        while (true) {
            CarrierCheck check = CarrierCheck.of(cluster.carrier().calls(),
                    http.get(cluster.contextUrl("shipping") + "/carrier-status"));
            if (check.consistent() || Instant.now().isAfter(deadline)) {
                progress.say(String.format("  carrier: %,d calls for %,d shipments%s", check.calls(), check.shipments(),
                        check.consistent() ? ", last status of each = shipping's" : ", still differing at the deadline"));
                return check;
            }
            progress.say(String.format("  carrier not yet told everything: %d differences, e.g. %s",
                    check.mismatches().size(), check.mismatches().get(0)));
            Thread.sleep(1_000);
        }
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
