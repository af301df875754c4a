package io.contextbus.servicebus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.MessageIds;
import io.contextbus.servicebus.local.LocalServiceBus;
import io.contextbus.testkit.TestCommits;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Promise 6, replays are targeted, with the real pieces: the subscriptions and their SQL rules as
 * {@link ContextBusTopology} generates them, and messages as {@link CommitMessages} builds them for
 * the dispatcher ({@code live}) and the replay service ({@code replay}: {@code cb_replay_target},
 * {@code cb_replay_id}). A replay for shipping reaches shipping only; live messages reach both.
 */
@DisplayName("Promise 6: the generated replay rule routes real replay messages to their target only")
class ReplayRuleRoutingIT {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final String TOPIC = "ordering.events";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Topology topology;
    private LocalServiceBus broker;
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());

    @BeforeEach
    void start() {
        topology = ContextBusTopology.builder()
                .context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering"))
                .context("billing", ContextBusTopology.consumes("ordering"))
                .build();
        broker = LocalServiceBus.builder().topology(topology).start();
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void a_replay_for_shipping_reaches_shipping_only_and_live_messages_reach_both() {
        for (String consumer : List.of("shipping", "billing")) {
            assertEquals(List.of(ContextBusTopology.replayRule(consumer)),
                    topology.subscription(TOPIC, consumer).orElseThrow().rules(),
                    "the rules of subscription " + consumer + " are the generated replay rule");
        }
        String stream = "order-" + UUID.randomUUID();
        Commit c1 = TestCommits.commit(stream, 1);
        Commit c2 = TestCommits.commit(stream, 2);
        String replayId = UUID.randomUUID().toString();
        try (ServiceBusSenderClient sender = new ServiceBusClientBuilder().connectionString(broker.connectionString())
                .sender().topicName(TOPIC).buildClient()) {
            sender.sendMessage(messages.live(ORDERING, c1));
            sender.sendMessage(messages.replay(ORDERING, c1, ContextName.of("shipping"), replayId));
            sender.sendMessage(messages.live(ORDERING, c2));
        }
        String session = SessionStrategy.perStream().sessionId(c1.streamId());
        String live1 = MessageIds.live(c1.streamId(), 1);
        String replay1 = MessageIds.replay(c1.streamId(), 1, replayId);
        String live2 = MessageIds.live(c2.streamId(), 2);

        List<ServiceBusReceivedMessage> shipping = receive("shipping", session, 3);
        List<ServiceBusReceivedMessage> billing = receive("billing", session, 2);

        assertEquals(List.of(live1, replay1, live2), ids(shipping),
                "MessageIds on shipping, the replay's target: both live messages and the replay, in send order");
        assertEquals(List.of(live1, live2), ids(billing),
                "MessageIds on billing: both live messages and not the replay targeted at shipping");
        ServiceBusReceivedMessage replayed = shipping.get(1);
        assertEquals("shipping", replayed.getApplicationProperties().get(CommitMessages.REPLAY_TARGET),
                "the replay received carries its target in " + CommitMessages.REPLAY_TARGET);
        assertEquals(replayId, replayed.getApplicationProperties().get(CommitMessages.REPLAY_ID),
                "the replay received carries its id in " + CommitMessages.REPLAY_ID);
    }

    private static List<String> ids(List<ServiceBusReceivedMessage> received) {
        return received.stream().map(ServiceBusReceivedMessage::getMessageId).toList();
    }

    /**
     * Receives {@code session} on {@code subscription} until {@code expected} arrived (or the patience
     * ran out), then once more for strays.
     */
    private List<ServiceBusReceivedMessage> receive(String subscription, String session, int expected) {
        List<ServiceBusReceivedMessage> received = new ArrayList<>();
        try (ServiceBusSessionReceiverClient sessions = new ServiceBusClientBuilder()
                .connectionString(broker.connectionString()).sessionReceiver().topicName(TOPIC)
                .subscriptionName(subscription).buildClient();
                ServiceBusReceiverClient receiver = sessions.acceptSession(session)) {
            Instant deadline = Instant.now().plus(PATIENCE);
            while (received.size() < expected && Instant.now().isBefore(deadline)) {
                drain(receiver, received, Duration.ofMillis(500));
            }
            // what came (or not) is checked by the caller, whose assertion names the messages
            drain(receiver, received, Duration.ofSeconds(1));
        }
        return received;
    }

    private static void drain(ServiceBusReceiverClient receiver, List<ServiceBusReceivedMessage> into, Duration wait) {
        for (ServiceBusReceivedMessage m : receiver.receiveMessages(10, wait)) {
            into.add(m);
            receiver.complete(m);
        }
    }
}
