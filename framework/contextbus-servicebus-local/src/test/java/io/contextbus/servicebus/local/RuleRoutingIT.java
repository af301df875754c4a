package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Subscription rules route messages (SQL filter on cb_replay_target)")
class RuleRoutingIT {

    private static final String TOPIC = "orders.events";

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
    @DisplayName("a replay targeted at b reaches only b; untargeted messages reach every subscription")
    void replayReachesOnlyItsTarget() {
        // given
        String session = "stream-" + UUID.randomUUID();
        try (ServiceBusSenderClient sender = target.client().sender().topicName(TOPIC).buildClient()) {
            // when
            sender.sendMessage(message(session, "live-1", null));
            sender.sendMessage(message(session, "replay-1", "b"));
            sender.sendMessage(message(session, "live-2", null));
        }

        // then
        assertEquals(List.of("live-1", "live-2"), bodies("a", session, 2));
        assertEquals(List.of("live-1", "replay-1", "live-2"), bodies("b", session, 3));
    }

    private static ServiceBusMessage message(String session, String body, String replayTarget) {
        ServiceBusMessage message = new ServiceBusMessage(body).setSessionId(session)
                .setMessageId(session + ":" + body);
        if (replayTarget != null) {
            message.getApplicationProperties().put("cb_replay_target", replayTarget);
        }
        return message;
    }

    private List<String> bodies(String subscription, String session, int expected) {
        List<String> bodies = new ArrayList<>();
        try (ServiceBusSessionReceiverClient sessions = target.client().sessionReceiver().topicName(TOPIC)
                .subscriptionName(subscription).buildClient();
                ServiceBusReceiverClient receiver = sessions.acceptSession(session)) {
            Await.until(expected + " messages on " + subscription, () -> {
                for (ServiceBusReceivedMessage m : receiver.receiveMessages(10, Duration.ofMillis(500))) {
                    bodies.add(m.getBody().toString());
                    receiver.complete(m);
                }
                return bodies.size() >= expected;
            });
            // nothing more arrives for this session
            receiver.receiveMessages(10, Duration.ofSeconds(1)).forEach(m -> bodies.add(m.getBody().toString()));
        }
        return bodies;
    }
}
