package io.contextbus.replay.service;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.error.PublishException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.ServiceBusErrors;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link ReplayTransport} over the Azure Service Bus SDK: one sender per source topic, all on the
 * builder's one connection; messages made by the servicebus module's {@link CommitMessages#replay}
 * (replay MessageId, {@code cb_replay_target}, {@code cb_replay_id}, the source's session strategy),
 * packed into {@link ServiceBusMessageBatch}es that are sent one after the other, so order holds.
 * Send failures are translated once, by {@link ServiceBusErrors}.
 */
public final class ServiceBusReplayTransport implements ReplayTransport {
    private final ServiceBusClientBuilder builder;
    private final Function<ContextName, SessionStrategy> sessions;
    private final Map<ContextName, ServiceBusSenderClient> senders = new ConcurrentHashMap<>();
    private final Map<ContextName, CommitMessages> messages = new ConcurrentHashMap<>();

    /**
     * @param builder  a client builder with the connection (connection string for local use, or a
     *                 {@code TokenCredential} and namespace for Azure)
     * @param sessions the session strategy each source context's live publisher uses
     */
    public ServiceBusReplayTransport(ServiceBusClientBuilder builder, Function<ContextName, SessionStrategy> sessions) {
        this.builder = ValidationException.requireNonNull(builder, "builder");
        this.sessions = ValidationException.requireNonNull(sessions, "sessions");
    }

    @Override
    public void send(ContextName source, ContextName target, String replayId, List<Commit> commits) {
        ServiceBusSenderClient sender = senders.computeIfAbsent(source,
                s -> builder.sender().topicName(s.topicName()).buildClient());
        CommitMessages mapper = messages.computeIfAbsent(source, s -> new CommitMessages(sessions.apply(s)));
        String what = "replay " + replayId + " of " + source.topicName();
        try {
            ServiceBusMessageBatch batch = sender.createMessageBatch();
            for (Commit c : commits) {
                ServiceBusMessage m = mapper.replay(source, c, target, replayId);
                if (batch.tryAddMessage(m)) {
                    continue;
                }
                sender.sendMessages(batch);
                batch = sender.createMessageBatch();
                if (!batch.tryAddMessage(m)) {
                    throw new PublishException("Commit " + c.streamId() + ":" + c.commitSequence() + " does not fit in an empty batch of "
                            + source.topicName() + " (" + batch.getMaxSizeInBytes() + " bytes).", false, null);
                }
            }
            if (batch.getCount() > 0) {
                sender.sendMessages(batch);
            }
        } catch (PublishException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ServiceBusErrors.toPublishException(what, e);
        }
    }

    /** Makes an empty batch on {@code source}'s sender: free while its link is up, a reconnection when it dropped. */
    @Override
    public void checkReachable(ContextName source) {
        senders.computeIfAbsent(source, s -> builder.sender().topicName(s.topicName()).buildClient()).createMessageBatch();
    }

    @Override
    public void close() {
        senders.values().forEach(ServiceBusSenderClient::close);
        senders.clear();
    }
}
