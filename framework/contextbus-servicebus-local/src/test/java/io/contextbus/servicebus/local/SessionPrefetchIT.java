package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusProcessorClient;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessageContext;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/**
 * A session processor with a prefetch holds messages its handler has not seen yet. When its session
 * links close (the processor stops, or the SDK closes a session it found idle), those messages go
 * back to their session unsettled. Service Bus puts them back at their place and does not count them
 * as delivered: only an abandon or an expired session lock counts. A broker that counted them
 * dead-lettered the head of busy sessions after a few hand-overs, and the streams whose commits were
 * dead-lettered went on with a gap: with many streams in a few bucket sessions, the next consumer saw
 * their later commits first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Session processors with prefetch")
class SessionPrefetchIT {

    /** Session subscription with a max delivery count of 3 (conformance topology). */
    private static final String TOPIC = "processor.events";
    private static final String SUBSCRIPTION = "p";
    private static final int STREAMS = 48;
    private static final int COMMITS = 8;
    private static final int BUCKETS = 4;
    private static final int PREFETCH = 20;
    private static final int HOLDING_RUNS = 5;

    private ServiceBusTarget target;
    private String run;
    private final Map<String, List<Integer>> completed = new ConcurrentHashMap<>();

    @BeforeAll
    void start() {
        target = ServiceBusTarget.start(getClass().getSimpleName());
    }

    @AfterAll
    void stop() {
        target.close();
    }

    @Test
    @DisplayName("stopped five times with messages prefetched, bucket sessions still hand each stream's commits in order")
    void restartsWithPrefetchedMessagesKeepOrder() {
        // given: 48 streams x 8 commits in 4 bucket sessions, sent commit by commit as a replay does
        run = UUID.randomUUID().toString().substring(0, 8);
        publish();

        // when: processors in turn, more of them than the max delivery count, each complete the first message
        // of every session, hold the second in the handler and stop with the rest prefetched
        for (int i = 0; i < HOLDING_RUNS; i++) {
            holdingRun();
        }
        // ... and a last processor handles everything left
        try (Processor last = new Processor(null)) {
            Await.until("every commit completed (" + completedCount() + " of " + STREAMS * COMMITS
                    + ", dead-lettered " + deadLettered() + ")",
                    () -> completedCount() + deadLettered() >= STREAMS * COMMITS);
        }

        // then: every stream's commits were handled once each, in order; nothing was dead-lettered
        List<Integer> expected = IntStream.rangeClosed(1, COMMITS).boxed().toList();
        Map<String, List<Integer>> outOfOrder = new LinkedHashMap<>();
        completed.forEach((stream, seqs) -> {
            if (!seqs.equals(expected)) {
                outOfOrder.put(stream, seqs);
            }
        });
        assertEquals(Map.of(), outOfOrder, "streams whose commits were not completed once each, in order");
        assertEquals(STREAMS, completed.size());
        assertEquals(0, deadLettered(), "dead-lettered messages");
    }

    private void holdingRun() {
        long deliveredBefore = delivered();
        CountDownLatch release = new CountDownLatch(1);
        try (Processor processor = new Processor(release)) {
            Await.until("a handler holding a message in each of the " + BUCKETS + " sessions ("
                    + processor.holding.size() + " so far)", () -> processor.holding.size() >= BUCKETS);
            // Only the local broker can say that the prefetch went out; a remote run relies on the holding handlers.
            Await.until("the sessions' prefetch delivered", () -> !target.isLocal()
                    || delivered() - deliveredBefore >= BUCKETS * PREFETCH);
            processor.stopping = true;
            release.countDown();
        }
    }

    /** A running session processor; with a {@code release} latch it holds each session's second message. */
    private final class Processor implements AutoCloseable {
        final Set<String> holding = ConcurrentHashMap.newKeySet();
        final Set<String> completedOne = ConcurrentHashMap.newKeySet();
        final CountDownLatch release;
        final ServiceBusProcessorClient client;
        volatile boolean stopping;

        Processor(CountDownLatch release) {
            this.release = release;
            this.client = target.client().sessionProcessor().topicName(TOPIC).subscriptionName(SUBSCRIPTION)
                    .disableAutoComplete().maxConcurrentSessions(BUCKETS).prefetchCount(PREFETCH)
                    .sessionIdleTimeout(Duration.ofSeconds(5))
                    .processMessage(this::handle)
                    .processError(error -> {
                    })
                    .buildProcessorClient();
            client.start();
        }

        private void handle(ServiceBusReceivedMessageContext context) {
            ServiceBusReceivedMessage message = context.getMessage();
            String session = message.getSessionId();
            if (!session.startsWith(run)) {
                context.complete(); // left over from an earlier run against a shared namespace
                return;
            }
            if (stopping) {
                return; // left unsettled: it goes back to its session when the link closes
            }
            if (release != null && !completedOne.add(session)) {
                holding.add(session);
                awaitRelease();
                return;
            }
            String stream = (String) message.getApplicationProperties().get("stream");
            int seq = ((Number) message.getApplicationProperties().get("seq")).intValue();
            completed.computeIfAbsent(stream, k -> Collections.synchronizedList(new ArrayList<>())).add(seq);
            context.complete();
        }

        private void awaitRelease() {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private void publish() {
        try (ServiceBusSenderClient sender = target.client().sender().topicName(TOPIC).buildClient()) {
            for (int seq = 1; seq <= COMMITS; seq++) {
                ServiceBusMessageBatch batch = sender.createMessageBatch();
                for (int s = 0; s < STREAMS; s++) {
                    ServiceBusMessage message = new ServiceBusMessage("commit " + seq)
                            .setSessionId(run + "-b" + s % BUCKETS).setMessageId(run + "-s" + s + ":" + seq);
                    message.getApplicationProperties().put("stream", "s" + s);
                    message.getApplicationProperties().put("seq", seq);
                    if (!batch.tryAddMessage(message)) {
                        sender.sendMessages(batch);
                        batch = sender.createMessageBatch();
                        batch.tryAddMessage(message);
                    }
                }
                sender.sendMessages(batch);
            }
        }
    }

    private long completedCount() {
        return completed.values().stream().mapToLong(List::size).sum();
    }

    private long deadLettered() {
        return target.isLocal() ? subscription().deadLetterMessages() : 0;
    }

    private long delivered() {
        return target.isLocal() ? subscription().messagesDelivered() : 0;
    }

    private EntityCounts subscription() {
        return target.local().counts(TOPIC + "/subscriptions/" + SUBSCRIPTION);
    }
}
