package io.contextbus.servicebus.local;

/**
 * A snapshot of one entity's message counts, as Service Bus reports them, plus the local broker's
 * own counters. For a topic only the entrance counters apply (scheduled, duplicates dropped,
 * enqueued); for a subscription only the message counters; a queue has both.
 *
 * @param entityPath the entity's path, e.g. {@code orders}, {@code ordering.events/subscriptions/shipping}
 * @param activeMessages messages waiting or locked (not deferred, not scheduled)
 * @param deadLetterMessages messages in the entity's dead-letter queue
 * @param scheduledMessages messages waiting for their scheduled enqueue time
 * @param deferredMessages deferred messages, retrievable by sequence number
 * @param duplicatesDropped sends dropped by duplicate detection
 * @param messagesEnqueued messages accepted (entrances) or routed into the entity (subscriptions, queues)
 * @param messagesDelivered deliveries to receivers, redeliveries included
 */
public record EntityCounts(
        String entityPath,
        long activeMessages,
        long deadLetterMessages,
        long scheduledMessages,
        long deferredMessages,
        long duplicatesDropped,
        long messagesEnqueued,
        long messagesDelivered) {
}
