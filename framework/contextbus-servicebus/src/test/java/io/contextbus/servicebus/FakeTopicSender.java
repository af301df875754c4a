package io.contextbus.servicebus;

import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.servicebus.implementation.TopicSender;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link TopicSender} that keeps what it was sent, holds {@code capacity} messages per batch, and fails on demand. */
final class FakeTopicSender implements TopicSender {
    final List<List<ServiceBusMessage>> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger sendCalls = new AtomicInteger();
    private final int capacity;
    private final Deque<RuntimeException> failures = new ConcurrentLinkedDeque<>();
    private volatile RuntimeException alwaysFail;

    FakeTopicSender(int capacity) {
        this.capacity = capacity;
    }

    /** The next sends throw these, in order. */
    void failNext(RuntimeException... errors) {
        failures.addAll(List.of(errors));
    }

    void failAlways(RuntimeException error) {
        alwaysFail = error;
    }

    List<String> sentIds() {
        List<String> ids = new ArrayList<>();
        sent.forEach(b -> b.forEach(m -> ids.add(m.getMessageId())));
        return ids;
    }

    @Override
    public Batch createBatch(int maxBytes) {
        return new FakeBatch(capacity);
    }

    @Override
    public void send(Batch batch) {
        sendCalls.incrementAndGet();
        RuntimeException failure = alwaysFail != null ? alwaysFail : failures.poll();
        if (failure != null) {
            throw failure;
        }
        sent.add(List.copyOf(((FakeBatch) batch).messages));
    }

    private static final class FakeBatch implements Batch {
        private final List<ServiceBusMessage> messages = new ArrayList<>();
        private final int capacity;

        FakeBatch(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean tryAdd(ServiceBusMessage message) {
            if (messages.size() >= capacity || message.getBody().toBytes().length > maxSizeInBytes()) {
                return false;
            }
            return messages.add(message);
        }

        @Override
        public int count() {
            return messages.size();
        }

        @Override
        public int maxSizeInBytes() {
            return 10_000;
        }
    }

    @Override
    public void close() {
    }
}
