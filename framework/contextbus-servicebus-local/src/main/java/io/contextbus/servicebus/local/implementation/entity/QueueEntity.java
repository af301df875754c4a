package io.contextbus.servicebus.local.implementation.entity;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;

/** A queue: one entrance, one message entity (with its dead-letter queue). */
public final class QueueEntity extends SendFront {

    private final MessageEntity messages;

    QueueEntity(String path, EntitySettings settings, EntityRuntime runtime) {
        super(path, settings, runtime);
        this.messages = new MessageEntity(path, settings, true, runtime);
    }

    public MessageEntity messages() {
        return messages;
    }

    @Override
    void route(MessageContent content, long sequence) {
        messages.enqueue(content, sequence);
    }

    @Override
    boolean needsSessionId(MessageContent content) {
        return messages.requiresSession();
    }
}
