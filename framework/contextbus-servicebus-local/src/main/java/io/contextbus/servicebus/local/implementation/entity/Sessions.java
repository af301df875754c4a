package io.contextbus.servicebus.local.implementation.entity;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;

import org.apache.qpid.proton.amqp.Symbol;

/**
 * The sessions of one entity: which are free with messages waiting, which receiver holds which,
 * their locks, and the receivers waiting for any free session. A session is held by at most one
 * receiver; a lock that is not renewed in time is lost and the session becomes free again.
 */
final class Sessions {

    static final Symbol CANNOT_BE_LOCKED = Symbol.valueOf("com.microsoft:session-cannot-be-locked");

    private final MessageEntity entity;
    private final EntityRuntime runtime;
    private final Map<String, SessionQueue> byId = new HashMap<>();
    private final SessionQueue shared = new SessionQueue(null);
    private final LinkedHashSet<SessionQueue> ready = new LinkedHashSet<>();
    private final ArrayDeque<SessionRequest> waiters = new ArrayDeque<>();
    private final Deadlines<SessionQueue> lockExpiries;

    Sessions(MessageEntity entity, EntityRuntime runtime) {
        this.entity = entity;
        this.runtime = runtime;
        this.lockExpiries = new Deadlines<>(runtime, this::onLockDeadline);
    }

    SessionQueue shared() {
        return shared;
    }

    SessionQueue queueFor(String id) {
        if (!entity.requiresSession() || id == null) {
            return shared;
        }
        return byId.computeIfAbsent(id, SessionQueue::new);
    }

    /** A free session has messages: give it to a waiting receiver, or keep it ready. */
    void offer(SessionQueue session) {
        while (!waiters.isEmpty()) {
            SessionRequest waiter = waiters.pollFirst();
            if (waiter.isWaiting()) {
                grant(session, waiter);
                return;
            }
        }
        ready.add(session);
    }

    void accept(String sessionId, SessionRequest request, long timeoutMillis) {
        if (sessionId != null) {
            SessionQueue session = queueFor(sessionId);
            if (session.owner != null) {
                request.refused(CANNOT_BE_LOCKED, "The requested session '" + sessionId
                        + "' cannot be accepted. It may be locked by another receiver.");
            } else {
                grant(session, request);
            }
            return;
        }
        SessionQueue next = pollReady();
        if (next != null) {
            grant(next, request);
            return;
        }
        waiters.addLast(request);
        runtime.scheduleAt(runtime.now() + timeoutMillis, () -> {
            if (waiters.remove(request) && request.isWaiting()) {
                request.timedOut();
            }
        });
    }

    private SessionQueue pollReady() {
        Iterator<SessionQueue> it = ready.iterator();
        while (it.hasNext()) {
            SessionQueue session = it.next();
            it.remove();
            if (session.owner == null && !session.available.isEmpty()) {
                return session;
            }
        }
        return null;
    }

    private void grant(SessionQueue session, SessionRequest request) {
        ready.remove(session);
        session.owner = request.sink();
        session.lockedUntil = runtime.now() + entity.settings().lockMillis();
        lockExpiries.add(session.lockedUntil, session);
        request.granted(session, session.lockedUntil);
    }

    /** Renews the lock of a held session; returns the new expiry or -1 when it is not held. */
    long renew(String sessionId) {
        SessionQueue session = byId.get(sessionId);
        if (session == null || session.owner == null) {
            return -1;
        }
        session.lockedUntil = runtime.now() + entity.settings().lockMillis();
        lockExpiries.add(session.lockedUntil, session);
        for (EntityMessage message : session.inFlight) {
            message.lockedUntil = session.lockedUntil;
        }
        return session.lockedUntil;
    }

    /** The receiver holding {@code session} let it go (link closed). */
    void release(SessionQueue session, MessageSink sink) {
        release(session, sink, false);
    }

    private void release(SessionQueue session, MessageSink sink, boolean lockExpired) {
        if (session.owner != sink) {
            return;
        }
        session.owner = null;
        entity.returnInFlight(session, lockExpired);
        if (session.owner == null && !session.available.isEmpty()) {
            offer(session);
        }
        collect(session);
    }

    private void onLockDeadline(SessionQueue session) {
        if (session.owner != null && session.lockedUntil <= runtime.now()) {
            MessageSink sink = session.owner;
            release(session, sink, true);
            sink.sessionLost("The session lock has expired on the session '" + session.id + "'.");
        }
    }

    /** A held session by id, or null when no receiver holds it. */
    SessionQueue held(String sessionId) {
        SessionQueue session = byId.get(sessionId);
        return session == null || session.owner == null ? null : session;
    }

    void collect(SessionQueue session) {
        if (session.id != null && session.isGarbage()) {
            byId.remove(session.id);
            ready.remove(session);
        }
    }

    int size() {
        return byId.size();
    }
}
