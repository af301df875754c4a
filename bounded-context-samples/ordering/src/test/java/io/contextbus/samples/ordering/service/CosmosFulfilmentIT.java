package io.contextbus.samples.ordering.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.model.ContextName;
import io.contextbus.samples.ordering.domain.Fulfilment;
import io.contextbus.samples.ordering.domain.FulfilmentEvent;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.ConfirmationRequested;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineRejected;
import io.contextbus.samples.ordering.domain.FulfilmentEvent.LineReserved;
import io.contextbus.samples.runtime.CosmosStorage;
import io.contextbus.samples.runtime.CosmosWorkQueue;
import io.contextbus.samples.runtime.SampleDocuments;
import io.contextbus.samples.runtime.StandInStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The fulfilment process on Cosmos DB (the stand-in): state and decision in one batch, idempotent feeding. */
@DisplayName("Fulfilment process on Cosmos DB")
class CosmosFulfilmentIT {
    private CosmosStorage storage;
    private CosmosFulfilment fulfilment;

    @BeforeEach
    void open() {
        storage = StandInStorage.open("ordering", ContextName.of("ordering"));
        fulfilment = new CosmosFulfilment(storage.container());
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void the_decision_is_queued_once_in_the_orders_partition_however_often_its_inputs_are_fed() {
        List<FulfilmentEvent> inputs = List.of(new LineReserved("o1", 1), new ConfirmationRequested("o1", List.of(1, 2)),
                new LineReserved("o1", 2));
        inputs.forEach(fulfilment::feed);
        inputs.forEach(fulfilment::feed);

        assertEquals(Fulfilment.Decision.CONFIRM, fulfilment.load("o1").decision());
        List<ObjectNode> work = SampleDocuments.all(storage.container(), CosmosWorkQueue.KIND);
        assertEquals(1, work.size(), "one decision: " + work);
        assertEquals("ConfirmOrder", work.get(0).path("command").asText());
        assertEquals("order-o1", work.get(0).path("streamId").asText());
    }

    @Test
    void a_rejected_line_queues_the_cancellation() {
        fulfilment.feed(new LineRejected("o2", 1, "sku", 5, 1));
        fulfilment.feed(new ConfirmationRequested("o2", List.of(1, 2)));

        List<ObjectNode> work = SampleDocuments.all(storage.container(), CosmosWorkQueue.KIND);
        assertEquals(List.of("CancelOrder"), work.stream().map(d -> d.path("command").asText()).toList());
    }

    @Test
    void concurrent_feeds_of_one_order_lose_nothing_and_decide_once() throws Exception {
        List<Integer> lines = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            lines.add(i);
        }
        List<FulfilmentEvent> inputs = new ArrayList<>();
        inputs.add(new ConfirmationRequested("o3", lines));
        lines.forEach(l -> inputs.add(new LineReserved("o3", l)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            // As the work queue and the follower do: a feed that lost the race (ETag) is fed again.
            inputs.forEach(e -> done.add(pool.submit(() -> feedUntilAccepted(e))));
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        Fulfilment state = fulfilment.load("o3");
        assertEquals(Fulfilment.Decision.CONFIRM, state.decision());
        assertEquals(8, state.reservedLines().size());
        assertEquals(1, SampleDocuments.all(storage.container(), CosmosWorkQueue.KIND).size());
    }

    private void feedUntilAccepted(FulfilmentEvent e) {
        for (int attempt = 1; ; attempt++) {
            try {
                fulfilment.feed(e);
                return;
            } catch (RuntimeException lost) {
                if (attempt == 50) {
                    throw lost;
                }
            }
        }
    }
}
