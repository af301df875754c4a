package io.contextbus.servicebus.local.implementation.entity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The locks of one entity's messages by lock token, and their expiry: a message lock that is not
 * renewed in time is handed to {@code onExpired} (which counts a failed attempt). Messages locked by a
 * session lock have no expiry of their own.
 */
final class Locks {

    private final Map<UUID, EntityMessage> byToken = new HashMap<>();
    private final Deadlines<EntityMessage> expiries;
    private final EntityRuntime runtime;

    Locks(EntityRuntime runtime, Consumer<EntityMessage> onExpired) {
        this.runtime = runtime;
        this.expiries = new Deadlines<>(runtime, message -> {
            if (message.lockToken != null && !message.removed && message.lockedUntil <= runtime.now()
                    && message.expiresWithOwnLock) {
                onExpired.accept(message);
            }
        });
    }

    static UUID newToken() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /** Locks until {@code until}; with {@code ownExpiry} the lock expires by itself at that time. */
    void lock(EntityMessage message, MessageSink holder, UUID token, long until, boolean ownExpiry) {
        message.lockToken = token;
        message.holder = holder;
        message.lockedUntil = until;
        message.expiresWithOwnLock = ownExpiry;
        byToken.put(token, message);
        if (ownExpiry) {
            expiries.add(until, message);
        }
    }

    EntityMessage get(UUID token) {
        return byToken.get(token);
    }

    void unlock(EntityMessage message) {
        byToken.remove(message.lockToken);
        message.lockToken = null;
        message.holder = null;
        message.lockedUntil = 0;
    }

    /** Extends a lock that expires by itself; returns the new expiry or -1 when there is none. */
    long renew(UUID token, long lockMillis) {
        EntityMessage message = byToken.get(token);
        if (message == null || !message.expiresWithOwnLock) {
            return -1;
        }
        message.lockedUntil = runtime.now() + lockMillis;
        expiries.add(message.lockedUntil, message);
        return message.lockedUntil;
    }

    List<EntityMessage> heldBy(MessageSink holder) {
        List<EntityMessage> held = new ArrayList<>();
        for (EntityMessage message : byToken.values()) {
            if (message.holder == holder) {
                held.add(message);
            }
        }
        return held;
    }
}
