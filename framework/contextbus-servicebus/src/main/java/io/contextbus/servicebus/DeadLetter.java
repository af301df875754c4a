package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One message in a consumer's dead-letter queue, as {@link DeadLetters} peeks it (nothing is locked
 * or changed by reading it): the broker's {@code sequenceNumber} (the handle to resubmit or discard
 * it), MessageId, SessionId, when it was enqueued, how often it was delivered, the
 * {@code DeadLetterReason} and {@code DeadLetterErrorDescription} it was dead-lettered with
 * (a {@link DeadLetterReason#value()}, or the broker's own such as {@code MaxDeliveryCountExceeded}),
 * the {@link Carried commit} when the message is a readable commit of the source, and the body as
 * text (at most {@link DeadLetters#MAX_BODY_CHARS} characters) when peeked one by one.
 */
public record DeadLetter(
        String source,
        long sequenceNumber,
        String messageId,
        Optional<String> sessionId,
        Instant enqueuedTime,
        long deliveryCount,
        Optional<String> reason,
        Optional<String> description,
        Optional<Carried> commit,
        Optional<String> unreadable,
        Optional<String> body) {

    public DeadLetter {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(sessionId, "sessionId");
        ValidationException.requireNonNull(enqueuedTime, "enqueuedTime");
        ValidationException.requireNonNull(reason, "reason");
        ValidationException.requireNonNull(description, "description");
        ValidationException.requireNonNull(commit, "commit");
        ValidationException.requireNonNull(unreadable, "unreadable");
        ValidationException.requireNonNull(body, "body");
    }

    /** Whether {@link DeadLetters#resubmit} can send it again: the message is a readable commit. */
    public boolean resubmittable() {
        return commit.isPresent();
    }

    /** The commit a dead-lettered message carries: enough to find it in the source's store. */
    public record Carried(String streamId, long commitSequence, UUID commitId) {
        public Carried {
            ValidationException.requireNonNull(streamId, "streamId");
            ValidationException.requireNonNull(commitId, "commitId");
        }
    }
}
