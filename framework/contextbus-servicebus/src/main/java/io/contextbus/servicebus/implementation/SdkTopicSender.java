package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.CreateMessageBatchOptions;

/** {@link TopicSender} over the Azure SDK's {@link ServiceBusSenderClient}, whose batches it uses as they are. */
public final class SdkTopicSender implements TopicSender {
    private final ServiceBusSenderClient client;

    public SdkTopicSender(ServiceBusSenderClient client) {
        this.client = client;
    }

    @Override
    public Batch createBatch(int maxBytes) {
        ServiceBusMessageBatch batch = maxBytes == 0 ? client.createMessageBatch()
                : client.createMessageBatch(new CreateMessageBatchOptions().setMaximumSizeInBytes(maxBytes));
        return new SdkBatch(batch);
    }

    @Override
    public void send(Batch batch) {
        client.sendMessages(((SdkBatch) batch).batch);
    }

    @Override
    public void close() {
        client.close();
    }

    private record SdkBatch(ServiceBusMessageBatch batch) implements Batch {
        @Override
        public boolean tryAdd(ServiceBusMessage message) {
            return batch.tryAddMessage(message);
        }

        @Override
        public int count() {
            return batch.getCount();
        }

        @Override
        public int maxSizeInBytes() {
            return batch.getMaxSizeInBytes();
        }
    }
}
