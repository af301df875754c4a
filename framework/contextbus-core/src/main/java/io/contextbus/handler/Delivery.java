package io.contextbus.handler;

import io.contextbus.error.ValidationException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a commit reached the consumer that applies it: from its live message, from a message a replay
 * sent again, or drained from the inbox's stash once the gap ahead of it filled (its message was
 * settled long before). It carries the message's id and its string-valued transport properties
 * (for example the W3C {@code traceparent}), so that a {@link HandlerDecorator} can continue the
 * sender's trace, or link to it for a commit that is not on its first way through, without knowing
 * the transport. {@link #DIRECT} when the commit was applied without a message (a test, a tool).
 *
 * @param kind       how the commit came
 * @param messageId  the message it came in, when it came in one
 * @param properties the message's string-valued properties; empty for a stash drain or a direct apply
 */
public record Delivery(Kind kind, Optional<String> messageId, Map<String, String> properties) {

    /** Applied without a message. */
    public static final Delivery DIRECT = new Delivery(Kind.DIRECT, Optional.empty(), Map.of());
    /** Drained from the inbox's stash: its message was settled when the commit was stashed. */
    public static final Delivery STASH = new Delivery(Kind.STASH, Optional.empty(), Map.of());

    /** How a commit came to be applied. */
    public enum Kind {
        /** Its live message, published by the source context's dispatcher (maybe redelivered). */
        LIVE,
        /** A message a replay sent again for this consumer. */
        REPLAY,
        /** The inbox's stash, after the gap ahead of it filled. */
        STASH,
        /** No message: applied by a direct call. */
        DIRECT
    }

    public Delivery {
        ValidationException.requireNonNull(kind, "kind");
        ValidationException.requireNonNull(messageId, "messageId");
        ValidationException.requireNonNull(properties, "properties");
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            ValidationException.require(k != null && v != null, "properties", "cannot contain a null key or value.");
            copy.put(k, v);
        });
        properties = Collections.unmodifiableMap(copy);
    }

    /** A delivery by message {@code messageId} with its string-valued {@code properties}. */
    public static Delivery message(Kind kind, String messageId, Map<String, String> properties) {
        ValidationException.require(kind == Kind.LIVE || kind == Kind.REPLAY, "kind",
                "must be LIVE or REPLAY for a message but was " + kind + ".");
        return new Delivery(kind, Optional.of(ValidationException.requireNonNull(messageId, "messageId")), properties);
    }

    /**
     * Whether this is the commit's first way to its consumer (its live message): false for a replay
     * and a stash drain, whose spans link to the commit's original trace rather than continue it.
     */
    public boolean isFirstPass() {
        return kind == Kind.LIVE;
    }
}
