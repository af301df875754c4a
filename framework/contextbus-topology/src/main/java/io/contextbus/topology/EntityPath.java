package io.contextbus.topology;

import java.util.Locale;
import java.util.Optional;

/**
 * The address of a Service Bus entity as AMQP links and management calls name it: {@code <queue>},
 * {@code <topic>}, {@code <topic>/subscriptions/<subscription>}, each optionally followed by
 * {@code /$deadletterqueue}. {@link #toString()} writes the canonical form {@link #parse} reads.
 */
public record EntityPath(String entity, Optional<String> subscription, boolean deadLetterQueue) {
    private static final String SUBSCRIPTIONS = "/subscriptions/";
    private static final String DEAD_LETTER = "/$deadletterqueue";

    public EntityPath {
        Checks.notNull(entity, "entity");
        Checks.notNull(subscription, "subscription");
        if (entity.isEmpty()) {
            throw new TopologyException("entity", "cannot be empty.");
        }
        subscription.ifPresent(s -> {
            if (s.isEmpty() || s.contains("/")) {
                throw new TopologyException("subscription", "must be a non-empty name without '/' but was '"
                        + s + "'.");
            }
        });
    }

    /** A queue or topic. */
    public static EntityPath of(String entity) {
        return new EntityPath(entity, Optional.empty(), false);
    }

    /** A subscription of a topic. */
    public static EntityPath ofSubscription(String topic, String subscription) {
        return new EntityPath(topic, Optional.of(subscription), false);
    }

    /** Reads an entity path; the {@code subscriptions} and {@code $deadletterqueue} segments are case-insensitive. */
    public static EntityPath parse(String path) {
        Checks.notNull(path, "entityPath");
        String rest = path;
        boolean deadLetter = false;
        if (rest.toLowerCase(Locale.ROOT).endsWith(DEAD_LETTER)) {
            deadLetter = true;
            rest = rest.substring(0, rest.length() - DEAD_LETTER.length());
        }
        int at = rest.toLowerCase(Locale.ROOT).lastIndexOf(SUBSCRIPTIONS);
        if (at < 0) {
            return new EntityPath(rest, Optional.empty(), deadLetter);
        }
        return new EntityPath(rest.substring(0, at), Optional.of(rest.substring(at + SUBSCRIPTIONS.length())),
                deadLetter);
    }

    /** This entity's dead-letter queue. */
    public EntityPath deadLetter() {
        return new EntityPath(entity, subscription, true);
    }

    /** True for a subscription (or its dead-letter queue). */
    public boolean isSubscription() {
        return subscription.isPresent();
    }

    @Override
    public String toString() {
        String base = subscription.map(s -> entity + SUBSCRIPTIONS + s).orElse(entity);
        return deadLetterQueue ? base + DEAD_LETTER : base;
    }
}
