package io.contextbus.emulatortests;

import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import io.contextbus.servicebus.implementation.CommitMessages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads what the broker delivered to the {@code audit} subscription for one session, with a plain SDK
 * session receiver: the broker's own view, independent of any contextbus consumer.
 */
final class SessionProbe {
    private SessionProbe() {
    }

    /**
     * Receives and completes the session's messages until {@code last} matches one (the marker the
     * test sent after everything it wants to observe); fails naming the session when it never comes.
     */
    static List<ServiceBusReceivedMessage> receiveUntil(SystemTarget target, String sessionId,
                                                        Predicate<ServiceBusReceivedMessage> last) {
        List<ServiceBusReceivedMessage> got = new ArrayList<>();
        long deadline = System.nanoTime() + SystemContexts.PATIENCE.toNanos();
        try (ServiceBusSessionReceiverClient sessions = target.client().sessionReceiver()
                .topicName(SystemContexts.TOPIC).subscriptionName(SystemContexts.AUDIT.value()).buildClient();
             ServiceBusReceiverClient receiver = sessions.acceptSession(sessionId)) {
            while (System.nanoTime() < deadline) {
                for (ServiceBusReceivedMessage m : receiver.receiveMessages(50, Duration.ofSeconds(2))) {
                    receiver.complete(m);
                    got.add(m);
                    if (last.test(m)) {
                        return got;
                    }
                }
            }
        }
        throw new AssertionError("session '" + sessionId + "' of audit never delivered the marker message within "
                + SystemContexts.PATIENCE + "; received " + describe(got));
    }

    static long seq(ServiceBusReceivedMessage m) {
        return ((Number) m.getApplicationProperties().get(CommitMessages.SEQUENCE)).longValue();
    }

    static String stream(ServiceBusReceivedMessage m) {
        return String.valueOf(m.getApplicationProperties().get(CommitMessages.STREAM));
    }

    static String describe(List<ServiceBusReceivedMessage> messages) {
        return messages.stream().map(m -> m.getMessageId() + "(replayTarget="
                + m.getApplicationProperties().get(CommitMessages.REPLAY_TARGET) + ")").toList().toString();
    }
}
