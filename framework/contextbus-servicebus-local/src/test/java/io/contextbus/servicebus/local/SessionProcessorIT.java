package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

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

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Session processors on a session-enabled subscription")
class SessionProcessorIT {

    private static final String TOPIC = "processor.events";
    private static final String SUBSCRIPTION = "p";

    private ServiceBusTarget target;

    @BeforeAll
    void start() {
        target = ServiceBusTarget.start(getClass().getSimpleName());
    }

    @AfterAll
    void stop() {
        target.close();
    }

    @Test
    @DisplayName("120 sessions in parallel: each in FIFO order, each held by one receiver at a time")
    void manySessionsInOrder() {
        // given: 120 sessions of 10 messages, interleaved across sessions in batches
        String run = UUID.randomUUID().toString().substring(0, 8);
        int sessions = 120;
        int perSession = 10;
        try (ServiceBusSenderClient sender = target.client().sender().topicName(TOPIC).buildClient()) {
            for (int seq = 0; seq < perSession; seq++) {
                ServiceBusMessageBatch batch = sender.createMessageBatch();
                for (int s = 0; s < sessions; s++) {
                    ServiceBusMessage message = new ServiceBusMessage(Integer.toString(seq))
                            .setSessionId(run + "-" + s).setMessageId(run + "-" + s + ":" + seq);
                    if (!batch.tryAddMessage(message)) {
                        sender.sendMessages(batch);
                        batch = sender.createMessageBatch();
                        batch.tryAddMessage(message);
                    }
                }
                sender.sendMessages(batch);
            }
        }
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inHandler = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger handled = new AtomicInteger();

        // when: two processors (8 sessions each) compete for the sessions
        List<ServiceBusProcessorClient> processors = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            processors.add(processor(context -> {
                ServiceBusReceivedMessage message = context.getMessage();
                String session = message.getSessionId();
                if (!session.startsWith(run)) {
                    return;
                }
                AtomicInteger busy = inHandler.computeIfAbsent(session, k -> new AtomicInteger());
                if (busy.incrementAndGet() > 1) {
                    violations.add("session " + session + " handled by two receivers at once");
                }
                seen.computeIfAbsent(session, k -> new ArrayList<>()).add(Integer.parseInt(message.getBody().toString()));
                busy.decrementAndGet();
                handled.incrementAndGet();
            }, Duration.ofMinutes(1)));
        }
        processors.forEach(ServiceBusProcessorClient::start);
        try {
            Await.until("all " + sessions * perSession + " messages handled (" + handled + " so far)",
                    () -> handled.get() >= sessions * perSession);
        } finally {
            processors.forEach(ServiceBusProcessorClient::close);
        }

        // then
        assertTrue(violations.isEmpty(), violations.toString());
        assertEquals(sessions, seen.size());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < perSession; i++) {
            expected.add(i);
        }
        seen.forEach((session, order) -> assertEquals(expected, order, "order of session " + session));
        if (target.isLocal()) {
            Await.until("the subscription is empty",
                    () -> target.local().counts(TOPIC + "/subscriptions/" + SUBSCRIPTION).activeMessages() == 0);
        }
    }

    @Test
    @DisplayName("a handler running longer than the lock keeps its session through renewal")
    void longHandlerKeepsSession() {
        // given: lock duration is 5 s; the handler takes 8 s on the first message
        String session = "slow-" + UUID.randomUUID();
        try (ServiceBusSenderClient sender = target.client().sender().topicName(TOPIC).buildClient()) {
            sender.sendMessage(new ServiceBusMessage("0").setSessionId(session));
            sender.sendMessage(new ServiceBusMessage("1").setSessionId(session));
        }
        ConcurrentLinkedQueue<String> deliveries = new ConcurrentLinkedQueue<>();
        Set<String> lockTokens = ConcurrentHashMap.newKeySet();

        // when
        ServiceBusProcessorClient processor = processor(context -> {
            ServiceBusReceivedMessage message = context.getMessage();
            if (!session.equals(message.getSessionId())) {
                return;
            }
            deliveries.add(message.getBody() + "@" + message.getDeliveryCount());
            lockTokens.add(message.getLockToken());
            if ("0".equals(message.getBody().toString())) {
                sleep(Duration.ofSeconds(8));
            }
        }, Duration.ofMinutes(2));
        processor.start();
        try {
            Await.until("both messages handled", () -> deliveries.size() >= 2);
        } finally {
            processor.close();
        }

        // then: each delivered once, first delivery, in order
        assertEquals(List.of("0@0", "1@0"), new ArrayList<>(deliveries));
    }

    private ServiceBusProcessorClient processor(java.util.function.Consumer<ServiceBusReceivedMessageContext> handler,
            Duration maxLockRenewal) {
        return target.client().sessionProcessor().topicName(TOPIC).subscriptionName(SUBSCRIPTION)
                .maxConcurrentSessions(8)
                .sessionIdleTimeout(Duration.ofSeconds(1))
                .maxAutoLockRenewDuration(maxLockRenewal)
                .processMessage(handler)
                .processError(error -> {
                })
                .buildProcessorClient();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
