package io.contextbus.servicebus.local.implementation.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;

/**
 * A queue, a subscription or a dead-letter queue: the messages it holds, their locks, and the
 * receivers they go to. Delivery is in sequence order per session (per entity without sessions);
 * a message is locked by one receiver at a time; failed deliveries count towards the entity's
 * max delivery count, past which the message is dead-lettered. Confined to the event-loop thread.
 */
public final class MessageEntity {

    static final String MAX_DELIVERY = "MaxDeliveryCountExceeded";
    static final String TTL_EXPIRED = "TTLExpiredException";

    private final String path;
    private final EntitySettings settings;
    private final MessageEntity deadLetterQueue;
    private final EntityRuntime runtime;
    private final TreeMap<Long, EntityMessage> all = new TreeMap<>();
    private final Locks locks;
    private final List<MessageSink> consumers = new ArrayList<>();
    private final Deadlines<EntityMessage> messageExpiries;
    final Sessions sessions;
    private int roundRobin;
    private int deferredCount;
    private long deliveredCount;
    private long enqueuedCount;

    MessageEntity(String path, EntitySettings settings, boolean withDeadLetterQueue, EntityRuntime runtime) {
        this.path = path;
        this.settings = settings;
        this.runtime = runtime;
        this.deadLetterQueue = withDeadLetterQueue
                ? new MessageEntity(path + "/$deadletterqueue", settings.withRequiresSession(false), false, runtime)
                : null;
        this.locks = new Locks(runtime, this::onLockExpired);
        this.messageExpiries = new Deadlines<>(runtime, this::onExpiryDeadline);
        this.sessions = new Sessions(this, runtime);
    }

    public String path() {
        return path;
    }

    public EntitySettings settings() {
        return settings;
    }

    /** The dead-letter queue, or null when this entity is one. */
    public MessageEntity deadLetterQueue() {
        return deadLetterQueue;
    }

    public boolean requiresSession() {
        return settings.requiresSession();
    }

    EntityRuntime runtime() {
        return runtime;
    }

    // ---- enqueue ---------------------------------------------------------------------------

    /** Adds a message routed to this entity and hands it to a receiver if one is ready. */
    public void enqueue(MessageContent content, long sequenceNumber) {
        long now = runtime.now();
        long ttl = settings.ttlMillis();
        if (content.ttlMillis() >= 0) {
            ttl = Math.min(ttl, content.ttlMillis());
        }
        // Messages in a dead-letter queue never expire (as in Service Bus).
        long expiresAt = deadLetterQueue == null || ttl >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ttl;
        add(new EntityMessage(content, sequenceNumber, now, expiresAt, sessions.queueFor(content.sessionId())));
    }

    /** Puts an arriving message straight into the dead-letter queue (e.g. its filter failed). */
    public void deadLetterOnArrival(MessageContent content, long sequenceNumber, String reason, String description) {
        if (deadLetterQueue != null) {
            deadLetterQueue.enqueue(content.withApplicationProperties(Map.of("DeadLetterReason", reason,
                    "DeadLetterErrorDescription", description)), sequenceNumber);
        }
    }

    private void add(EntityMessage message) {
        all.put(message.sequenceNumber, message);
        message.session.held++;
        enqueuedCount++;
        if (message.expiresAt != Long.MAX_VALUE) {
            messageExpiries.add(message.expiresAt, message);
        }
        makeAvailable(message);
    }

    private void makeAvailable(EntityMessage message) {
        if (message.deferred) {
            return;
        }
        message.session.available.put(message.sequenceNumber, message);
        onAvailable(message.session);
    }

    void onAvailable(SessionQueue session) {
        if (!settings.requiresSession()) {
            pumpShared();
        } else if (session.owner != null) {
            pumpSession(session);
        } else {
            sessions.offer(session);
        }
    }

    // ---- delivery --------------------------------------------------------------------------

    /** A non-session receiver link opened. */
    public void addConsumer(MessageSink sink) {
        consumers.add(sink);
    }

    /** The receiver has (more) credit: send it what is available. */
    public void pump(MessageSink sink, SessionQueue session) {
        if (session != null) {
            pumpSession(session);
        } else {
            pumpShared();
        }
    }

    private void pumpShared() {
        SessionQueue queue = sessions.shared();
        int n = consumers.size();
        int idle = 0;
        while (n > 0 && idle < n && !queue.available.isEmpty()) {
            MessageSink sink = consumers.get(Math.floorMod(roundRobin++, n));
            if (sink.credit() <= 0) {
                idle++;
                continue;
            }
            EntityMessage next = poll(queue);
            if (next == null) {
                return;
            }
            idle = 0;
            deliver(sink, next);
        }
    }

    void pumpSession(SessionQueue session) {
        MessageSink sink = session.owner;
        while (sink != null && sink.credit() > 0 && session.owner == sink) {
            EntityMessage next = poll(session);
            if (next == null) {
                return;
            }
            deliver(sink, next);
        }
    }

    private EntityMessage poll(SessionQueue queue) {
        long now = runtime.now();
        while (!queue.available.isEmpty()) {
            EntityMessage next = queue.available.pollFirstEntry().getValue();
            if (next.expiresAt <= now) {
                expire(next);
                continue;
            }
            return next;
        }
        return null;
    }

    private void deliver(MessageSink sink, EntityMessage message) {
        deliveredCount++;
        UUID token = Locks.newToken();
        if (sink.receiveAndDelete()) {
            remove(message);
            sink.deliver(message, token, 0L);
            return;
        }
        lock(message, sink, token);
        sink.deliver(message, token, message.lockedUntil);
    }

    private void lock(EntityMessage message, MessageSink sink, UUID token) {
        message.session.inFlight.add(message);
        if (settings.requiresSession() && message.session.owner != null) {
            locks.lock(message, sink, token, message.session.lockedUntil, false);
        } else {
            locks.lock(message, sink, token, runtime.now() + settings.lockMillis(), true);
        }
    }

    // ---- settlement ------------------------------------------------------------------------

    /** Settles a locked message by its lock token. */
    public SettleResult settle(UUID token, Settlement settlement, Map<String, Object> deadLetterProperties) {
        EntityMessage message = locks.get(token);
        if (message == null) {
            return settings.requiresSession() ? SettleResult.SESSION_LOCK_LOST : SettleResult.MESSAGE_LOCK_LOST;
        }
        unlock(message);
        switch (settlement) {
            case COMPLETE -> remove(message);
            case ABANDON -> failedAttempt(message);
            case DEFER -> defer(message);
            case DEAD_LETTER -> deadLetter(message, deadLetterProperties);
            case RELEASE -> makeAvailable(message);
            default -> throw new IllegalArgumentException("'settlement' is unknown: " + settlement);
        }
        return SettleResult.OK;
    }

    private void unlock(EntityMessage message) {
        message.session.inFlight.remove(message);
        locks.unlock(message);
    }

    private void defer(EntityMessage message) {
        if (!message.deferred) {
            message.deferred = true;
            deferredCount++;
        }
    }

    /** Counts a failed delivery; dead-letters the message past the max delivery count. */
    void failedAttempt(EntityMessage message) {
        if (!countFailure(message)) {
            makeAvailable(message);
        }
    }

    /** Counts a failed delivery; returns true when that dead-lettered the message. */
    private boolean countFailure(EntityMessage message) {
        message.deliveryCount++;
        if (deadLetterQueue != null && message.deliveryCount >= settings.maxDeliveryCount()) {
            deadLetter(message, Map.of("DeadLetterReason", MAX_DELIVERY, "DeadLetterErrorDescription",
                    "Message could not be consumed after " + settings.maxDeliveryCount() + " delivery attempts."));
            return true;
        }
        return false;
    }

    private void deadLetter(EntityMessage message, Map<String, Object> properties) {
        if (deadLetterQueue == null) {
            // A dead-letter queue has no dead-letter queue of its own: the message stays.
            makeAvailable(message);
            return;
        }
        remove(message);
        deadLetterQueue.enqueue(message.content.withApplicationProperties(properties), message.sequenceNumber);
    }

    private void remove(EntityMessage message) {
        if (message.removed) {
            return;
        }
        message.removed = true;
        all.remove(message.sequenceNumber);
        message.session.available.remove(message.sequenceNumber);
        if (message.deferred) {
            deferredCount--;
        }
        message.session.held--;
        sessions.collect(message.session);
    }

    /** Releases every lock held through {@code sink} (its link closed): each counts as a failed attempt. */
    public void removeConsumer(MessageSink sink) {
        consumers.remove(sink);
        for (EntityMessage message : locks.heldBy(sink)) {
            unlock(message);
            failedAttempt(message);
        }
    }

    /** Renews a message lock; returns the new expiry, or -1 when the lock is gone. */
    public long renewLock(UUID token) {
        return locks.renew(token, settings.lockMillis());
    }

    private void onLockExpired(EntityMessage message) {
        unlock(message);
        failedAttempt(message);
    }

    private void onExpiryDeadline(EntityMessage message) {
        if (!message.removed && !message.isLocked()) {
            expire(message);
        }
    }

    private void expire(EntityMessage message) {
        remove(message);
        if (settings.deadLetteringOnMessageExpiration() && deadLetterQueue != null) {
            deadLetterQueue.enqueue(message.content.withApplicationProperties(Map.of("DeadLetterReason",
                    TTL_EXPIRED, "DeadLetterErrorDescription", "The message expired and was dead lettered.")),
                    message.sequenceNumber);
        }
    }

    /**
     * The session's holder is gone: its unsettled messages go back to their places, all of them before
     * the session is offered again, so its next holder sees them in order. Service Bus counts a session
     * message as delivered only when it is abandoned or its session lock expires, so they count as a
     * failed attempt only when {@code lockExpired}; a holder that closed its link (a processor that
     * stops, or closes a session it found idle, with messages still prefetched) costs them nothing:
     * counting those hand-overs dead-lettered the head of busy sessions.
     */
    void returnInFlight(SessionQueue session, boolean lockExpired) {
        for (EntityMessage message : new ArrayList<>(session.inFlight)) {
            unlock(message);
            boolean deadLettered = lockExpired && countFailure(message);
            if (!deadLettered && !message.deferred) {
                session.available.put(message.sequenceNumber, message);
            }
        }
    }

    // ---- sessions --------------------------------------------------------------------------

    /** Accepts a named session, or the next free one (held up to {@code timeoutMillis}). */
    public void acceptSession(String sessionId, SessionRequest request, long timeoutMillis) {
        sessions.accept(sessionId, request, timeoutMillis);
    }

    /** The link holding {@code session} closed: its unsettled messages go back uncounted. */
    public void releaseSession(SessionQueue session, MessageSink sink) {
        sessions.release(session, sink);
    }

    /** Renews a session lock; returns the new expiry, or -1 when the session is not held. */
    public long renewSessionLock(String sessionId) {
        return sessions.renew(sessionId);
    }

    /** True when a receiver holds the session now. */
    public boolean isSessionHeld(String sessionId) {
        return sessions.held(sessionId) != null;
    }

    /** The state of a held session (null when none was set). */
    public byte[] sessionState(String sessionId) {
        SessionQueue session = sessions.held(sessionId);
        return session == null ? null : session.state;
    }

    /** Sets the state of a held session; returns false when the session is not held. */
    public boolean setSessionState(String sessionId, byte[] state) {
        SessionQueue session = sessions.held(sessionId);
        if (session == null) {
            return false;
        }
        session.state = state;
        return true;
    }

    // ---- by sequence number ----------------------------------------------------------------

    /** Messages from {@code fromSequence} on, in order, without locking them (peek). */
    public List<EntityMessage> peek(long fromSequence, int count, String sessionId) {
        List<EntityMessage> out = new ArrayList<>();
        for (EntityMessage message : all.tailMap(fromSequence, true).values()) {
            if (out.size() >= count) {
                break;
            }
            if (sessionId == null || sessionId.equals(message.session.id)) {
                out.add(message);
            }
        }
        return out;
    }

    /** Locks (or, for receive-and-delete, removes) deferred messages by sequence number. */
    public List<Map.Entry<EntityMessage, UUID>> receiveDeferred(List<Long> sequenceNumbers, boolean delete) {
        List<Map.Entry<EntityMessage, UUID>> out = new ArrayList<>();
        for (Long sequence : sequenceNumbers) {
            EntityMessage message = all.get(sequence);
            if (message == null || !message.deferred || message.isLocked()) {
                continue;
            }
            UUID token = Locks.newToken();
            deliveredCount++;
            if (delete) {
                remove(message);
            } else {
                locks.lock(message, null, token, runtime.now() + settings.lockMillis(), true);
            }
            out.add(Map.entry(message, token));
        }
        return out;
    }

    /** The lock expiry of a locked message, for management replies. */
    public long lockedUntil(UUID token) {
        EntityMessage message = locks.get(token);
        return message == null ? -1 : message.lockedUntil;
    }

    // ---- inspection and operations --------------------------------------------------------

    /** Removes every message; returns how many. */
    public int purge() {
        int count = all.size();
        for (EntityMessage message : new ArrayList<>(all.values())) {
            if (message.isLocked()) {
                unlock(message);
            }
            remove(message);
        }
        return count;
    }

    /** Expires every message not locked now, as if its time to live had passed; returns how many. */
    public int expireAll() {
        int count = 0;
        for (EntityMessage message : new ArrayList<>(all.values())) {
            if (!message.isLocked()) {
                expire(message);
                count++;
            }
        }
        return count;
    }

    public long activeCount() {
        return all.size() - deferredCount;
    }

    public long deferredCount() {
        return deferredCount;
    }

    public long deliveredCount() {
        return deliveredCount;
    }

    public long enqueuedCount() {
        return enqueuedCount;
    }

    public long deadLetterCount() {
        return deadLetterQueue == null ? 0 : deadLetterQueue.all.size();
    }
}
