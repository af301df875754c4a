package io.contextbus.servicebus.local.implementation.entity;

import java.util.UUID;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;

/**
 * One message in one entity (a queue, a subscription or a dead-letter queue) and its state there:
 * sequence number, delivery count, lock, deferral. The content is shared between entities.
 */
public final class EntityMessage {

    final long sequenceNumber;
    final long enqueuedAt;
    final long expiresAt;
    final SessionQueue session;
    MessageContent content;
    int deliveryCount;
    boolean deferred;
    boolean removed;
    UUID lockToken;
    long lockedUntil;
    MessageSink holder;
    boolean expiresWithOwnLock;
    String deadLetterSource;

    EntityMessage(MessageContent content, long sequenceNumber, long enqueuedAt, long expiresAt,
            SessionQueue session) {
        this.content = content;
        this.sequenceNumber = sequenceNumber;
        this.enqueuedAt = enqueuedAt;
        this.expiresAt = expiresAt;
        this.session = session;
    }

    public MessageContent content() {
        return content;
    }

    public long sequenceNumber() {
        return sequenceNumber;
    }

    public long enqueuedAt() {
        return enqueuedAt;
    }

    public int deliveryCount() {
        return deliveryCount;
    }

    public boolean deferred() {
        return deferred;
    }

    public String deadLetterSource() {
        return deadLetterSource;
    }

    boolean isLocked() {
        return lockToken != null;
    }
}
