package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusMessage;

/**
 * What the publisher needs from a Service Bus sender: make a size-bounded batch, send it. A seam so
 * that batching, ordering, retry and breaker logic can be tested without a broker.
 */
public interface TopicSender extends AutoCloseable {

    /** A new empty batch of at most {@code maxBytes} (0 = the link's maximum). */
    Batch createBatch(int maxBytes);

    /** Sends the batch; returns once Service Bus acknowledged it. */
    void send(Batch batch);

    @Override
    void close();

    /** Messages that travel in one send. */
    interface Batch {
        /** Adds the message if it fits; false (and unchanged) otherwise. */
        boolean tryAdd(ServiceBusMessage message);

        int count();

        int maxSizeInBytes();
    }
}
