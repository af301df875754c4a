package io.contextbus.servicebus.local.implementation.entity;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the MessageIds an entity accepted within its duplicate-detection window. An id is
 * remembered for one window from its first acceptance; a resend inside it is a duplicate.
 */
final class DuplicateDetector {

    private record Seen(String id, long until) {
    }

    private final long windowMillis;
    private final Map<String, Long> untilById = new HashMap<>();
    private final ArrayDeque<Seen> order = new ArrayDeque<>();

    DuplicateDetector(long windowMillis) {
        this.windowMillis = windowMillis;
    }

    /** True when {@code messageId} was accepted within the window; otherwise records it. */
    boolean isDuplicate(String messageId, long now) {
        evict(now);
        if (messageId == null) {
            return false;
        }
        Long until = untilById.get(messageId);
        if (until != null && until > now) {
            return true;
        }
        long expiry = now + windowMillis;
        untilById.put(messageId, expiry);
        order.addLast(new Seen(messageId, expiry));
        return false;
    }

    private void evict(long now) {
        while (!order.isEmpty() && order.peekFirst().until() <= now) {
            Seen seen = order.pollFirst();
            untilById.remove(seen.id(), seen.until());
        }
    }
}
