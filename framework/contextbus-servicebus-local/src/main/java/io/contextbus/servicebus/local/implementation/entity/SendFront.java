package io.contextbus.servicebus.local.implementation.entity;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Symbol;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;

/**
 * The entrance of a queue or topic: checks each message (size, ids, session requirement), drops
 * duplicates inside the duplicate-detection window, assigns sequence numbers, holds scheduled
 * messages until their time, and routes the rest. A transfer is checked whole before any of its
 * messages is accepted, so a rejected batch leaves nothing behind.
 */
public abstract class SendFront {

    public static final Symbol SCHEDULED_ENQUEUE_TIME = Symbol.valueOf("x-opt-scheduled-enqueue-time");
    private static final int MAX_ID_LENGTH = 128;

    private final String path;
    private final EntitySettings settings;
    final EntityRuntime runtime;
    private final DuplicateDetector dedupe;
    private final TreeMap<Long, MessageContent> scheduled = new TreeMap<>();
    private final Deadlines<Long> scheduleDeadlines;
    private long nextSequence = 1;
    private long duplicatesDropped;
    private long acceptedCount;

    SendFront(String path, EntitySettings settings, EntityRuntime runtime) {
        this.path = path;
        this.settings = settings;
        this.runtime = runtime;
        this.dedupe = settings.requiresDuplicateDetection() ? new DuplicateDetector(settings.windowMillis()) : null;
        this.scheduleDeadlines = new Deadlines<>(runtime, this::activate);
    }

    public String path() {
        return path;
    }

    public EntitySettings settings() {
        return settings;
    }

    /** Accepts one transfer's messages (one, or a batch) or rejects them all. */
    public SendOutcome send(List<MessageContent> messages, int transferSize) {
        SendOutcome refusal = check(messages, transferSize);
        if (refusal != null) {
            return refusal;
        }
        long now = runtime.now();
        long[] sequences = new long[messages.size()];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = accept(messages.get(i), now);
        }
        return SendOutcome.accepted(sequences);
    }

    /** Why this transfer would be refused as a whole, or null when {@link #send} would accept it. */
    public SendOutcome check(List<MessageContent> messages, int transferSize) {
        if (transferSize > settings.maxMessageSizeBytes()) {
            return SendOutcome.rejected(SendOutcome.SIZE_EXCEEDED, "The received message (size " + transferSize
                    + " bytes) exceeds the limit (" + settings.maxMessageSizeBytes() + " bytes) of entity '"
                    + path + "'.");
        }
        for (MessageContent content : messages) {
            SendOutcome refusal = check(content);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    private SendOutcome check(MessageContent content) {
        String messageId = content.messageId();
        if (messageId != null && messageId.length() > MAX_ID_LENGTH) {
            return SendOutcome.rejected(SendOutcome.ARGUMENT, "The 'MessageId' exceeds 128 characters.");
        }
        String sessionId = content.sessionId();
        if (sessionId != null && sessionId.length() > MAX_ID_LENGTH) {
            return SendOutcome.rejected(SendOutcome.ARGUMENT, "The 'SessionId' exceeds 128 characters.");
        }
        if (sessionId == null && needsSessionId(content)) {
            return SendOutcome.rejected(SendOutcome.NOT_ALLOWED, "The SessionId was not set on a message, and it "
                    + "cannot be sent to the entity '" + path + "'. Entities that have session support enabled can "
                    + "only receive messages that have the SessionId set to a valid value.");
        }
        return null;
    }

    private long accept(MessageContent sent, long now) {
        // Service Bus gives a message sent without a MessageId one of its own (32 hex digits).
        MessageContent content = sent.messageId() != null ? sent
                : sent.withMessageId(UUID.randomUUID().toString().replace("-", ""));
        if (dedupe != null && dedupe.isDuplicate(content.messageId(), now)) {
            duplicatesDropped++;
            return -1;
        }
        long sequence = nextSequence++;
        acceptedCount++;
        Object at = content.annotation(SCHEDULED_ENQUEUE_TIME);
        if (at instanceof Date date && date.getTime() > now) {
            scheduled.put(sequence, content);
            scheduleDeadlines.add(date.getTime(), sequence);
        } else {
            route(content, sequence);
        }
        return sequence;
    }

    private void activate(Long sequence) {
        MessageContent content = scheduled.remove(sequence);
        if (content != null) {
            route(content, sequence);
        }
    }

    /** Cancels a scheduled message; false when it is not (or no longer) scheduled. */
    public boolean cancelScheduled(long sequence) {
        return scheduled.remove(sequence) != null;
    }

    /** Scheduled messages, for peeking: sequence number to content. */
    public NavigableMap<Long, MessageContent> scheduled() {
        return scheduled;
    }

    public long scheduledCount() {
        return scheduled.size();
    }

    public long duplicatesDropped() {
        return duplicatesDropped;
    }

    public long acceptedCount() {
        return acceptedCount;
    }

    /** Delivers an accepted, due message to its entity (a queue) or entities (a topic's subscriptions). */
    abstract void route(MessageContent content, long sequence);

    /**
     * True when this message must be refused for having no SessionId: a queue that requires
     * sessions. (A topic accepts it; each session subscription it matches dead-letters its copy.)
     */
    abstract boolean needsSessionId(MessageContent content);
}
