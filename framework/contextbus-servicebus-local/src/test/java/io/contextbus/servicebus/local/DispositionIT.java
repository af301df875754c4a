package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.azure.messaging.servicebus.models.ServiceBusMessageState;
import com.azure.messaging.servicebus.models.SubQueue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Settling messages: complete, abandon, defer, dead-letter, lock renewal and expiry")
class DispositionIT {

    private static final String QUEUE = "deferral";

    private ServiceBusTarget target;
    private ServiceBusSenderClient sender;
    private ServiceBusReceiverClient receiver;
    private ServiceBusReceiverClient deadLetters;

    @BeforeAll
    void start() {
        target = ServiceBusTarget.start(getClass().getSimpleName());
        Receiving.drain(target, QUEUE);
        sender = target.client().sender().queueName(QUEUE).buildClient();
        receiver = target.client().receiver().queueName(QUEUE).disableAutoComplete()
                .maxAutoLockRenewDuration(Duration.ZERO).buildClient();
        deadLetters = target.client().receiver().queueName(QUEUE).subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient();
    }

    @AfterAll
    void stop() {
        sender.close();
        receiver.close();
        deadLetters.close();
        target.close();
    }

    private Predicate<ServiceBusReceivedMessage> send(String body) {
        String id = UUID.randomUUID().toString();
        sender.sendMessage(new ServiceBusMessage(body).setMessageId(id));
        return m -> id.equals(m.getMessageId());
    }

    @Test
    @DisplayName("abandoned max-delivery-count times, a message is dead-lettered with MaxDeliveryCountExceeded")
    void abandonUntilDeadLettered() {
        // given: max delivery count 3
        Predicate<ServiceBusReceivedMessage> mine = send("poison");

        // when
        for (int attempt = 0; attempt < 3; attempt++) {
            ServiceBusReceivedMessage message = Receiving.one(receiver, mine);
            assertEquals(attempt, message.getDeliveryCount());
            receiver.abandon(message);
        }

        // then
        ServiceBusReceivedMessage dead = Receiving.one(deadLetters, mine);
        assertEquals("MaxDeliveryCountExceeded", dead.getDeadLetterReason());
        assertTrue(dead.getDeadLetterErrorDescription().contains("3"), dead.getDeadLetterErrorDescription());
        deadLetters.complete(dead);
    }

    @Test
    @DisplayName("an explicit dead-letter keeps the reason and the description")
    void explicitDeadLetter() {
        // given
        Predicate<ServiceBusReceivedMessage> mine = send("bad");
        ServiceBusReceivedMessage message = Receiving.one(receiver, mine);

        // when
        receiver.deadLetter(message, new DeadLetterOptions().setDeadLetterReason("UndecodableCommit")
                .setDeadLetterErrorDescription("body is not JSON"));

        // then
        ServiceBusReceivedMessage dead = Receiving.one(deadLetters, mine);
        assertEquals("UndecodableCommit", dead.getDeadLetterReason());
        assertEquals("body is not JSON", dead.getDeadLetterErrorDescription());
        assertEquals("bad", dead.getBody().toString());
        deadLetters.complete(dead);
    }

    @Test
    @DisplayName("a deferred message is received again by its sequence number, and completed")
    void defer() {
        // given
        Predicate<ServiceBusReceivedMessage> mine = send("later");
        ServiceBusReceivedMessage message = Receiving.one(receiver, mine);
        long sequence = message.getSequenceNumber();

        // when
        receiver.defer(message);
        ServiceBusReceivedMessage deferred = receiver.receiveDeferredMessage(sequence);

        // then
        assertEquals("later", deferred.getBody().toString());
        assertEquals(ServiceBusMessageState.DEFERRED, deferred.getState());
        receiver.complete(deferred);
        assertThrows(ServiceBusException.class, () -> receiver.receiveDeferredMessage(sequence));
    }

    @Test
    @DisplayName("a renewed lock lasts longer; an expired lock makes the message available again, counted")
    void lockRenewalAndExpiry() {
        // given: lock duration 5 s
        Predicate<ServiceBusReceivedMessage> mine = send("locked");
        ServiceBusReceivedMessage message = Receiving.one(receiver, mine);
        OffsetDateTime firstLock = message.getLockedUntil();

        // when: renewed, then left to expire
        OffsetDateTime renewed = receiver.renewMessageLock(message);
        ServiceBusReceivedMessage again = Receiving.one(receiver, mine);

        // then
        assertTrue(!renewed.isBefore(firstLock), renewed + " vs " + firstLock);
        assertEquals(1, again.getDeliveryCount());
        ServiceBusException lost = assertThrows(ServiceBusException.class, () -> receiver.complete(message));
        assertEquals(ServiceBusFailureReason.MESSAGE_LOCK_LOST, lost.getReason());
        receiver.complete(again);
    }
}
