package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.SubQueue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("A message without SessionId to a topic with session and non-session subscriptions")
class SessionlessTopicSendIT {

    private static final String TOPIC = "mixed.events";

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
    @DisplayName("is accepted; the non-session subscription gets it; the session subscription dead-letters its copy")
    void acceptedAndDeadLetteredBySessionSubscription() {
        // given
        String id = UUID.randomUUID().toString();

        // when
        try (ServiceBusSenderClient sender = target.client().sender().topicName(TOPIC).buildClient()) {
            sender.sendMessage(new ServiceBusMessage("no session").setMessageId(id));
        }

        // then
        try (ServiceBusReceiverClient plain = target.client().receiver().topicName(TOPIC).subscriptionName("plain")
                .buildClient()) {
            ServiceBusReceivedMessage received = Receiving.one(plain, m -> id.equals(m.getMessageId()));
            assertEquals("no session", received.getBody().toString());
            plain.complete(received);
        }
        try (ServiceBusReceiverClient deadLetters = target.client().receiver().topicName(TOPIC)
                .subscriptionName("sessions").subQueue(SubQueue.DEAD_LETTER_QUEUE).buildClient()) {
            ServiceBusReceivedMessage dead = Receiving.one(deadLetters, m -> id.equals(m.getMessageId()));
            assertEquals("Session id is null.", dead.getDeadLetterReason());
            assertEquals("Session enabled entity doesn't allow a message whose session identifier is null.",
                    dead.getDeadLetterErrorDescription());
            deadLetters.complete(dead);
        }
    }
}
