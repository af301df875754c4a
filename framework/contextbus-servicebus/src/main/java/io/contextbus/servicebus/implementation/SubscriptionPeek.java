package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import io.contextbus.model.ContextName;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The probe of one subscription: peeks its oldest message (from sequence number 0) over the
 * entity's management link. A peek locks nothing, changes no delivery count, and is allowed on a
 * session-enabled subscription without a session; it needs only the Listen right the consumer has.
 */
public final class SubscriptionPeek implements Supplier<Optional<Instant>>, AutoCloseable {
    private final ServiceBusReceiverClient receiver;

    public SubscriptionPeek(ServiceBusClientBuilder clients, ContextName source, ContextName consumer) {
        this.receiver = clients.receiver().topicName(source.topicName()).subscriptionName(consumer.value()).buildClient();
    }

    /** When the oldest message waiting in the subscription was enqueued; empty when none waits. */
    @Override
    public Optional<Instant> get() {
        ServiceBusReceivedMessage oldest = receiver.peekMessage(0);
        return Optional.ofNullable(oldest).map(m -> m.getEnqueuedTime().toInstant());
    }

    @Override
    public void close() {
        receiver.close();
    }
}
