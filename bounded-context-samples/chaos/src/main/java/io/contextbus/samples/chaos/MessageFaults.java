package io.contextbus.samples.chaos;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.samples.runtime.ServiceSettings;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.servicebus.implementation.CommitMessages;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes what no healthy publisher sends: copies of a stream's commits in reverse order, and
 * poison commits, each as a replay message aimed at one consumer's subscription (so the other
 * consumers of the topic never see it), keyed to the session the live publisher uses for the
 * stream. A test instrument: it writes the framework's message contract with the framework's own
 * mapping ({@link CommitMessages}), as the replay service does.
 */
final class MessageFaults {
    /** An event type no sample consumer handles or ignores: its commit parks the stream. */
    static final String POISON_TYPE = "chaos.PoisonInjected";

    private final CommitMessages messages = new CommitMessages(SessionStrategy.buckets(ServiceSettings.DEFAULT_SESSION_BUCKETS));
    private final String connectionString;

    MessageFaults(String connectionString) {
        this.connectionString = connectionString;
    }

    /** Sends {@code commits} (of one stream of {@code source}) to {@code consumer}, the last one first. */
    void sendReversed(String source, String consumer, List<Commit> commits, String replayId) {
        List<ServiceBusMessage> batch = new java.util.ArrayList<>();
        for (int i = commits.size() - 1; i >= 0; i--) {
            batch.add(messages.replay(ContextName.of(source), commits.get(i), ContextName.of(consumer), replayId));
        }
        send(source, batch);
    }

    /** Sends a poison commit of a new stream {@code streamId} of {@code source} to {@code consumer}. */
    void sendPoison(String source, String consumer, String streamId, String replayId) {
        Commit poison = new Commit(StreamId.of(streamId), 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of(POISON_TYPE, 1, "{\"note\":\"injected by the chaos soak\"}")));
        send(source, List.of(messages.replay(ContextName.of(source), poison, ContextName.of(consumer), replayId)));
    }

    private void send(String source, List<ServiceBusMessage> batch) {
        // A sender per fault: the broker may have been killed and restarted since the last one.
        try (ServiceBusSenderClient sender = new ServiceBusClientBuilder().connectionString(connectionString).sender()
                .topicName(ContextName.of(source).topicName()).buildClient()) {
            for (ServiceBusMessage m : batch) {
                sender.sendMessage(m);
            }
        }
    }
}
