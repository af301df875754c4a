package io.contextbus.servicebus.implementation;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import com.azure.messaging.servicebus.models.SubQueue;
import io.contextbus.model.ContextName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Service Bus side of one consumer's dead-letter queue on one source topic
 * ({@code <source>.events/subscriptions/<consumer>/$deadletterqueue}): peek (locks nothing), lock the
 * matching messages and settle each one, and send to the source topic. Each call opens its own
 * clients and closes them: operators' actions are rare, and nothing stays locked between calls.
 */
public final class DeadLetterQueue {
    /** Messages locked by one scan at most; an operator narrows a bigger queue with a filter or repeats. */
    public static final int MAX_SCAN = 1_000;
    private static final int BATCH = 100;
    private static final Duration FIRST_WAIT = Duration.ofSeconds(5);
    private static final Duration NEXT_WAIT = Duration.ofSeconds(2);

    private final ServiceBusClientBuilder clients;
    private final ContextName source;
    private final ContextName consumer;

    public DeadLetterQueue(ServiceBusClientBuilder clients, ContextName source, ContextName consumer) {
        this.clients = clients;
        this.source = source;
        this.consumer = consumer;
    }

    /** Up to {@code max} dead letters from sequence number {@code from} on, oldest first; nothing is locked. */
    public List<ServiceBusReceivedMessage> peek(long from, int max) {
        try (ServiceBusReceiverClient r = receiver(ServiceBusReceiveMode.PEEK_LOCK)) {
            List<ServiceBusReceivedMessage> out = new ArrayList<>();
            r.peekMessages(max, from).forEach(out::add);
            return out;
        }
    }

    /** What to do with a locked dead letter. */
    @FunctionalInterface
    public interface Settler {
        /** True to remove the dead letter (complete it); false to leave it where it is. */
        boolean settle(ServiceBusReceivedMessage deadLetter, ServiceBusSenderClient toSource);
    }

    /**
     * Locks the dead letters (up to {@link #MAX_SCAN}), hands the ones {@code match} accepts to
     * {@code settler} in sequence-number order (only the first when {@code firstOnly}), completes those
     * it says to remove, and releases every other lock. A settler that throws stops the run: its dead
     * letter and the ones after it stay.
     *
     * @return how many were removed
     */
    public int settle(Predicate<ServiceBusReceivedMessage> match, boolean firstOnly, Settler settler) {
        try (ServiceBusReceiverClient r = receiver(ServiceBusReceiveMode.PEEK_LOCK);
             ServiceBusSenderClient sender = clients.sender().topicName(source.topicName()).buildClient()) {
            List<ServiceBusReceivedMessage> locked = new ArrayList<>();
            List<ServiceBusReceivedMessage> matched = new ArrayList<>();
            try {
                lock(r, match, firstOnly, locked, matched);
                matched.sort(Comparator.comparingLong(ServiceBusReceivedMessage::getSequenceNumber));
                int removed = 0;
                for (ServiceBusReceivedMessage m : matched) {
                    if (settler.settle(m, sender)) {
                        r.complete(m);
                        locked.remove(m);
                        removed++;
                    }
                }
                return removed;
            } finally {
                for (ServiceBusReceivedMessage m : locked) {
                    releaseQuietly(r, m);
                }
            }
        }
    }

    private static void lock(ServiceBusReceiverClient r, Predicate<ServiceBusReceivedMessage> match, boolean firstOnly,
                             List<ServiceBusReceivedMessage> locked, List<ServiceBusReceivedMessage> matched) {
        Set<Long> seen = new HashSet<>();
        Duration wait = FIRST_WAIT;
        while (locked.size() < MAX_SCAN) {
            boolean fresh = false;
            for (ServiceBusReceivedMessage m : r.receiveMessages(Math.min(BATCH, MAX_SCAN - locked.size()), wait)) {
                locked.add(m);
                if (seen.add(m.getSequenceNumber())) {
                    fresh = true;
                    if (match.test(m)) {
                        matched.add(m);
                    }
                }
            }
            if (!fresh || (firstOnly && !matched.isEmpty())) {
                return;
            }
            wait = NEXT_WAIT;
        }
    }

    private static void releaseQuietly(ServiceBusReceiverClient r, ServiceBusReceivedMessage m) {
        try {
            r.abandon(m);
        } catch (RuntimeException e) {
            // the lock expires by itself; the message stays in the dead-letter queue either way
        }
    }

    private ServiceBusReceiverClient receiver(ServiceBusReceiveMode mode) {
        return clients.receiver().topicName(source.topicName()).subscriptionName(consumer.value())
                .subQueue(SubQueue.DEAD_LETTER_QUEUE).receiveMode(mode).disableAutoComplete().buildClient();
    }

    /** The dead-letter queue's path, for logs and errors. */
    public String path() {
        return source.topicName() + "/subscriptions/" + consumer.value() + "/$deadletterqueue";
    }
}
