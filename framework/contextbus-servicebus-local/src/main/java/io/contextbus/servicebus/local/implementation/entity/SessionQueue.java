package io.contextbus.servicebus.local.implementation.entity;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeMap;

/**
 * The messages of one session of an entity, in sequence order, and the session's lock and state.
 * A non-session entity keeps all its messages in one such queue with a null id.
 */
public final class SessionQueue {

    final String id;
    final TreeMap<Long, EntityMessage> available = new TreeMap<>();
    final Set<EntityMessage> inFlight = new LinkedHashSet<>();
    int held;
    MessageSink owner;
    long lockedUntil;
    byte[] state;

    SessionQueue(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    boolean isGarbage() {
        return owner == null && held == 0 && state == null;
    }
}
