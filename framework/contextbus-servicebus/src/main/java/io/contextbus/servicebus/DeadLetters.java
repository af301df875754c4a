package io.contextbus.servicebus;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import io.contextbus.codec.SourcedCommit;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.DeadLetterQueue;
import io.contextbus.servicebus.implementation.PoisonMessageException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' handle on a consuming context's dead-letter queues, one per consumed source
 * ({@link ContextBus#deadLetters()}): {@link #list} and {@link #peek} them without changing anything,
 * {@link #resubmit} a dead-lettered commit (or {@link #resubmitAll} of a source or a stream) once its
 * cause is fixed, and {@link #discard} what should never be applied (logged). A resubmitted commit is
 * sent to the source's topic as a replay for this context only (the replay service's contract:
 * {@code cb_replay_target}, a replay MessageId that duplicate detection cannot confuse with the live
 * one), and its dead letter is removed only after Service Bus accepted the send: a crash in between
 * sends it twice at worst, and the inbox applies it once, in order (a commit ahead of a gap is
 * stashed as usual). A message that is not a readable commit is refused with
 * {@link NotResubmittableException}.
 */
public final class DeadLetters {
    /** How much of a body {@link #peek} returns, in characters. */
    public static final int MAX_BODY_CHARS = 64 * 1024;
    /** The most dead letters one {@link #list} call returns. */
    public static final int MAX_PAGE = 250;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

    private final ContextName consumer;
    private final Set<ContextName> sources;
    private final ServiceBusClientBuilder clients;

    DeadLetters(ContextName consumer, Set<ContextName> sources, ServiceBusClientBuilder clients) {
        this.consumer = consumer;
        this.sources = Set.copyOf(sources);
        this.clients = clients;
    }

    /** A page of dead letters and where the next one starts (empty when this was the last). */
    public record Page(List<DeadLetter> deadLetters, OptionalLong next) {
        public Page {
            deadLetters = List.copyOf(deadLetters);
        }
    }

    /** What {@link #resubmitAll} did: the dead letters sent again (and removed), and those it refused (left). */
    public record Resubmitted(List<DeadLetter> resubmitted, List<DeadLetter> refused) {
        public Resubmitted {
            resubmitted = List.copyOf(resubmitted);
            refused = List.copyOf(refused);
        }
    }

    /**
     * Up to {@code max} (1..{@link #MAX_PAGE}) dead letters of {@code source} from sequence number
     * {@code fromSequenceNumber} on, oldest first, without their bodies; nothing is locked or changed.
     */
    public Page list(String source, long fromSequenceNumber, int max) {
        ContextName from = sourceOf(source);
        ValidationException.require(fromSequenceNumber >= 0, "fromSequenceNumber", "must be 0 or more.");
        ValidationException.require(max >= 1 && max <= MAX_PAGE, "max", "must be 1 to " + MAX_PAGE + ".");
        List<DeadLetter> page = queue(from).peek(fromSequenceNumber, max).stream()
                .map(m -> describe(from, m, false)).toList();
        return new Page(page, page.size() < max ? OptionalLong.empty()
                : OptionalLong.of(page.get(page.size() - 1).sequenceNumber() + 1));
    }

    /** The dead letter {@code sequenceNumber} of {@code source} with its body as text; nothing is locked or changed. */
    public Optional<DeadLetter> peek(String source, long sequenceNumber) {
        ContextName from = sourceOf(source);
        ValidationException.require(sequenceNumber >= 0, "sequenceNumber", "must be 0 or more.");
        return queue(from).peek(sequenceNumber, 1).stream().filter(m -> m.getSequenceNumber() == sequenceNumber)
                .findFirst().map(m -> describe(from, m, true));
    }

    /**
     * Sends the commit of dead letter {@code sequenceNumber} to this context again, then removes the
     * dead letter. Empty when no such dead letter is there (already resubmitted or discarded).
     *
     * @throws NotResubmittableException when the message is not a readable commit; it stays
     */
    public Optional<DeadLetter> resubmit(String source, long sequenceNumber) {
        ContextName from = sourceOf(source);
        ValidationException.require(sequenceNumber >= 0, "sequenceNumber", "must be 0 or more.");
        if (absent(from, sequenceNumber)) {
            return Optional.empty();
        }
        List<DeadLetter> done = new ArrayList<>();
        queue(from).settle(m -> m.getSequenceNumber() == sequenceNumber, true, (m, topic) -> {
            SourcedCommit commit = readable(from, m);
            topic.sendMessage(resend(from, commit, m));
            DeadLetter d = describe(from, m, false);
            log("resubmitted", d);
            done.add(d);
            return true;
        });
        return done.stream().findFirst();
    }

    /**
     * Resubmits every dead letter of {@code source} (of {@code streamId} only, when given) that is a
     * readable commit, oldest first, and leaves the others (listed as refused). Looks at
     * {@link DeadLetterQueue#MAX_SCAN} dead letters at most per call.
     */
    public Resubmitted resubmitAll(String source, Optional<String> streamId) {
        ContextName from = sourceOf(source);
        ValidationException.requireNonNull(streamId, "streamId");
        List<DeadLetter> sent = new ArrayList<>();
        List<DeadLetter> refused = new ArrayList<>();
        Predicate<ServiceBusReceivedMessage> match = m -> streamId.isEmpty()
                || streamId.get().equals(m.getApplicationProperties().get(CommitMessages.STREAM));
        queue(from).settle(match, false, (m, topic) -> {
            DeadLetter d = describe(from, m, false);
            if (!d.resubmittable()) {
                refused.add(d);
                return false;
            }
            topic.sendMessage(resend(from, readable(from, m), m));
            log("resubmitted", d);
            sent.add(d);
            return true;
        });
        return new Resubmitted(sent, refused);
    }

    /**
     * Removes dead letter {@code sequenceNumber} of {@code source} for good, logging who did it and why.
     * Empty when no such dead letter is there.
     */
    public Optional<DeadLetter> discard(String source, long sequenceNumber, String by, String why) {
        ContextName from = sourceOf(source);
        ValidationException.require(sequenceNumber >= 0, "sequenceNumber", "must be 0 or more.");
        nonBlank(by, "by");
        nonBlank(why, "why");
        if (absent(from, sequenceNumber)) {
            return Optional.empty();
        }
        List<DeadLetter> done = new ArrayList<>();
        queue(from).settle(m -> m.getSequenceNumber() == sequenceNumber, true, (m, topic) -> {
            DeadLetter d = describe(from, m, false);
            LOG.warn("dead letter discarded consumer={} source={} seq={} messageId={} reason={} by=\"{}\" why=\"{}\"",
                    consumer, from, d.sequenceNumber(), d.messageId(), d.reason().orElse("-"), by, why);
            done.add(d);
            return true;
        });
        return done.stream().findFirst();
    }

    private ServiceBusMessage resend(ContextName source, SourcedCommit commit, ServiceBusReceivedMessage m) {
        return resubmission(consumer, source, commit, m);
    }

    /**
     * The message a resubmit of {@code m} sends: the replay of its commit for {@code consumer} only, in
     * the dead letter's own session, with one MessageId per dead letter (a resend repeated after a
     * crash is dropped by duplicate detection).
     */
    static ServiceBusMessage resubmission(ContextName consumer, ContextName source, SourcedCommit commit,
                                          ServiceBusReceivedMessage m) {
        String replayId = "dl-" + consumer.value() + "-" + m.getSequenceNumber();
        ServiceBusMessage out = new CommitMessages(SessionStrategy.perStream()).replay(source, commit.commit(), consumer,
                replayId);
        if (m.getSessionId() != null) {
            out.setSessionId(m.getSessionId());
        }
        return out;
    }

    static SourcedCommit readable(ContextName source, ServiceBusReceivedMessage m) {
        try {
            return CommitMessages.read(source, CommitMessages.inbound(m));
        } catch (PoisonMessageException e) {
            throw new NotResubmittableException(m.getSequenceNumber(), e.reason(), e.getMessage());
        }
    }

    private static DeadLetter describe(ContextName source, ServiceBusReceivedMessage m, boolean withBody) {
        Optional<DeadLetter.Carried> carried;
        Optional<String> unreadable;
        try {
            SourcedCommit c = CommitMessages.read(source, CommitMessages.inbound(m));
            carried = Optional.of(new DeadLetter.Carried(c.commit().streamId().value(), c.commit().commitSequence(),
                    c.commit().commitId()));
            unreadable = Optional.empty();
        } catch (PoisonMessageException e) {
            carried = Optional.empty();
            unreadable = Optional.of(e.reason().value() + ": " + e.getMessage());
        }
        return new DeadLetter(source.value(), m.getSequenceNumber(), m.getMessageId(), Optional.ofNullable(m.getSessionId()),
                m.getEnqueuedTime().toInstant(), m.getDeliveryCount(), Optional.ofNullable(m.getDeadLetterReason()),
                Optional.ofNullable(m.getDeadLetterErrorDescription()), carried, unreadable,
                withBody ? Optional.of(bodyText(m)) : Optional.empty());
    }

    private static String bodyText(ServiceBusReceivedMessage m) {
        byte[] bytes;
        try {
            bytes = m.getBody().toBytes();
        } catch (RuntimeException e) {
            return "(the body is an AMQP " + m.getRawAmqpMessage().getBody().getBodyType() + " section, not data)";
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(Math.min(bytes.length, MAX_BODY_CHARS));
        utf8.decode(ByteBuffer.wrap(bytes), chars, true);
        chars.flip();
        return chars.length() < MAX_BODY_CHARS || chars.length() == bytes.length ? chars.toString()
                : chars + "... (" + bytes.length + " bytes in all)";
    }

    private void log(String what, DeadLetter d) {
        DeadLetter.Carried c = d.commit().orElseThrow();
        LOG.warn("dead letter {} consumer={} source={} seq={} messageId={} stream={} commitSeq={} reason={}", what,
                consumer, d.source(), d.sequenceNumber(), d.messageId(), c.streamId(), c.commitSequence(),
                d.reason().orElse("-"));
    }

    /** A peek first: no lock is taken on the whole queue to look for a dead letter that is not there. */
    private boolean absent(ContextName source, long sequenceNumber) {
        return queue(source).peek(sequenceNumber, 1).stream().noneMatch(m -> m.getSequenceNumber() == sequenceNumber);
    }

    private DeadLetterQueue queue(ContextName source) {
        return new DeadLetterQueue(clients, source, consumer);
    }

    private ContextName sourceOf(String source) {
        ContextName from = ContextName.of(ValidationException.requireNonNull(source, "source"));
        ValidationException.require(sources.contains(from), "source", "is not a context '" + consumer
                + "' consumes: '" + source + "'.");
        return from;
    }

    private static void nonBlank(String value, String field) {
        ValidationException.requireNonNull(value, field);
        ValidationException.require(!value.isBlank(), field, "must not be blank.");
    }
}
