package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Session receivers: accept, lock, state")
class SessionReceiverIT {

    private static final String QUEUE = "sessions";

    private ServiceBusTarget target;
    private ServiceBusSenderClient sender;

    @BeforeAll
    void start() {
        target = ServiceBusTarget.start(getClass().getSimpleName());
        sender = target.client().sender().queueName(QUEUE).buildClient();
    }

    @AfterAll
    void stop() {
        sender.close();
        target.close();
    }

    private ServiceBusSessionReceiverClient sessions(boolean renewLocks) {
        return target.client().sessionReceiver().queueName(QUEUE)
                .maxAutoLockRenewDuration(renewLocks ? Duration.ofMinutes(5) : Duration.ZERO).buildClient();
    }

    @Test
    @DisplayName("session state set by one receiver is read back by the next")
    void sessionStateRoundTrip() {
        // given
        String session = "state-" + UUID.randomUUID();
        byte[] state = "{\"lastApplied\":42}".getBytes(StandardCharsets.UTF_8);
        // (two clients: one client reuses a link of the same name while it is still closing)
        try (ServiceBusSessionReceiverClient one = sessions(true); ServiceBusSessionReceiverClient two = sessions(true)) {
            try (ServiceBusReceiverClient first = one.acceptSession(session)) {
                assertNull(first.getSessionState());
                // when
                first.setSessionState(state);
            }
            // then
            AtomicReference<byte[]> read = new AtomicReference<>();
            Await.until("the next holder reads the state", () -> {
                try (ServiceBusReceiverClient second = two.acceptSession(session)) {
                    read.set(second.getSessionState());
                    return true;
                } catch (RuntimeException stillHeldByFirst) {
                    return false;
                }
            });
            assertArrayEquals(state, read.get());
        }
    }

    @Test
    @DisplayName("a receiver closed with messages unsettled leaves them first in line, in order, not counted as delivered")
    void closedReceiverLeavesMessagesUncounted() {
        // given: a session of three messages
        String session = "closed-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            sender.sendMessage(new ServiceBusMessage("c" + i).setSessionId(session));
        }

        // when: more receivers than the queue's max delivery count (3) take the session, settle nothing and close
        for (int round = 0; round < 4; round++) {
            assertEquals(3, inSession(session, receiver -> Receiving.collect(receiver, 3, m -> true, false)).size());
        }

        // then: the next receiver gets all three, in order, each as a first delivery
        List<ServiceBusReceivedMessage> again = inSession(session,
                receiver -> Receiving.collect(receiver, 3, m -> true, true));
        assertEquals(List.of("c0", "c1", "c2"), again.stream().map(m -> m.getBody().toString()).toList());
        assertEquals(List.of(0L, 0L, 0L), again.stream().map(ServiceBusReceivedMessage::getDeliveryCount).toList());
    }

    /** Accepts {@code session} with a new client (retrying while the last holder's link is still closing). */
    private <T> T inSession(String session, Function<ServiceBusReceiverClient, T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        Await.until("session " + session + " accepted", () -> {
            try (ServiceBusSessionReceiverClient client = sessions(true);
                    ServiceBusReceiverClient receiver = client.acceptSession(session)) {
                result.set(work.apply(receiver));
                return true;
            } catch (RuntimeException stillHeld) {
                return false;
            }
        });
        return result.get();
    }

    @Test
    @DisplayName("a session locked by one receiver cannot be accepted by another")
    void lockedSessionCannotBeAccepted() {
        // given
        String session = "held-" + UUID.randomUUID();
        try (ServiceBusSessionReceiverClient a = sessions(true); ServiceBusSessionReceiverClient b = sessions(true);
                ServiceBusReceiverClient holder = a.acceptSession(session)) {
            // when
            RuntimeException error = assertThrows(RuntimeException.class, () -> b.acceptSession(session));

            // then
            assertTrue(Receiving.describe(error).contains("session-cannot-be-locked")
                    || Receiving.describe(error).contains("cannot be accepted"), Receiving.describe(error));
            assertEquals(session, holder.getSessionId());
        }
    }

    @Test
    @DisplayName("an expired session lock is lost: the holder cannot settle, another receiver gets the session")
    void expiredSessionLockMovesSession() {
        // given: lock duration 5 s, no renewal
        String session = "expiring-" + UUID.randomUUID();
        sender.sendMessage(new ServiceBusMessage("m0").setSessionId(session));
        try (ServiceBusSessionReceiverClient a = sessions(false); ServiceBusSessionReceiverClient b = sessions(true)) {
            ServiceBusReceiverClient holder = a.acceptSession(session);
            ServiceBusReceivedMessage held = holder.receiveMessages(1, Duration.ofSeconds(10)).stream().findFirst()
                    .orElseThrow(() -> new AssertionError("no message in the session"));

            // when: the lock expires
            AtomicReference<ServiceBusReceiverClient> next = new AtomicReference<>();
            Await.until("another receiver accepts the session", () -> {
                try {
                    next.set(b.acceptSession(session));
                    return true;
                } catch (RuntimeException lockedStill) {
                    return false;
                }
            });

            // then
            ServiceBusException lost = assertThrows(ServiceBusException.class, () -> holder.complete(held));
            assertEquals(ServiceBusFailureReason.SESSION_LOCK_LOST, lost.getReason());
            ServiceBusReceivedMessage again = next.get().receiveMessages(1, Duration.ofSeconds(10)).stream()
                    .findFirst().orElseThrow(() -> new AssertionError("the message was not redelivered"));
            assertEquals("m0", again.getBody().toString());
            assertEquals(1, again.getDeliveryCount());
            next.get().complete(again);
            next.get().close();
            holder.close();
        }
    }

    @Test
    @DisplayName("accept-next-session with no session free ends with the broker's timeout")
    void acceptNextTimesOut() {
        // given: a short try timeout, and no session with messages
        Receiving.drainSessions(target, QUEUE);
        ServiceBusClientBuilder builder = new ServiceBusClientBuilder().connectionString(target.connectionString())
                .retryOptions(new AmqpRetryOptions().setTryTimeout(Duration.ofSeconds(3)).setMaxRetries(0));
        try (ServiceBusSessionReceiverClient client = builder.sessionReceiver().queueName(QUEUE).buildClient()) {
            // when
            RuntimeException error = assertThrows(RuntimeException.class, client::acceptNextSession);

            // then
            assertTrue(Receiving.describe(error).toLowerCase().contains("timeout"), Receiving.describe(error));
        }
    }

    @Test
    @DisplayName("accept-next-session gets a session that has messages, in FIFO order")
    void acceptNextInOrder() {
        // given
        String session = "next-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            sender.sendMessage(new ServiceBusMessage("n" + i).setSessionId(session));
        }
        try (ServiceBusSessionReceiverClient client = sessions(true)) {
            // when
            List<String> bodies = new java.util.ArrayList<>();
            Await.until("the session's 5 messages", () -> {
                try (ServiceBusReceiverClient receiver = client.acceptNextSession()) {
                    for (ServiceBusReceivedMessage m : receiver.receiveMessages(10, Duration.ofSeconds(1))) {
                        receiver.complete(m);
                        if (session.equals(m.getSessionId())) {
                            bodies.add(m.getBody().toString());
                        }
                    }
                }
                return bodies.size() >= 5;
            });

            // then
            assertEquals(List.of("n0", "n1", "n2", "n3", "n4"), bodies);
        }
    }
}
