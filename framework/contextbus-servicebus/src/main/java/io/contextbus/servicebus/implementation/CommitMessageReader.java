package io.contextbus.servicebus.implementation;

import io.contextbus.codec.CommitCodec;
import io.contextbus.codec.SourcedCommit;
import io.contextbus.codec.UndecodableCommitException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.DeadLetterReason;

/**
 * Reads a received message back into the commit it carries, and refuses one that breaks the message
 * contract: a {@code cb_*} property missing or of the wrong type, a body that is not a commit, a
 * property that disagrees with the body, or a commit from a context other than the topic's.
 */
public final class CommitMessageReader {
    private CommitMessageReader() {
    }

    /**
     * @param topicContext the context whose topic the message was received from
     * @throws PoisonMessageException naming what is wrong
     */
    public static SourcedCommit read(ContextName topicContext, InboundMessage m) {
        String source = requireString(m, CommitMessages.SOURCE);
        String stream = requireString(m, CommitMessages.STREAM);
        long sequence = requireLong(m, CommitMessages.SEQUENCE);
        String commitId = requireString(m, CommitMessages.COMMIT_ID);
        String eventTypes = requireString(m, CommitMessages.EVENT_TYPES);
        SourcedCommit decoded = decode(m);
        Commit c = decoded.commit();
        agree(CommitMessages.SOURCE, source, decoded.source().value());
        agree(CommitMessages.STREAM, stream, c.streamId().value());
        agree(CommitMessages.SEQUENCE, String.valueOf(sequence), String.valueOf(c.commitSequence()));
        agree(CommitMessages.COMMIT_ID, commitId, c.commitId().toString());
        agree(CommitMessages.EVENT_TYPES, eventTypes, CommitMessages.eventTypes(c));
        if (!decoded.source().equals(topicContext)) {
            throw new PoisonMessageException(DeadLetterReason.PROPERTY_MISMATCH, "'" + CommitMessages.SOURCE + "' is '"
                    + source + "' but the message came from topic '" + topicContext.topicName() + "'.");
        }
        return decoded;
    }

    private static SourcedCommit decode(InboundMessage m) {
        if (m.body() == null) {
            throw new PoisonMessageException(DeadLetterReason.UNDECODABLE_BODY,
                    "'body' is not a data section: " + m.bodyProblem());
        }
        if (m.contentType() != null && !m.contentType().startsWith(CommitMessages.CONTENT_TYPE)) {
            throw new PoisonMessageException(DeadLetterReason.UNDECODABLE_BODY, "'contentType' is '" + m.contentType()
                    + "' but a commit is " + CommitMessages.CONTENT_TYPE + ".");
        }
        try {
            return CommitCodec.decode(m.body());
        } catch (UndecodableCommitException e) {
            throw new PoisonMessageException(DeadLetterReason.UNDECODABLE_BODY, e.getMessage());
        }
    }

    private static String requireString(InboundMessage m, String name) {
        Object value = m.properties().get(name);
        if (value == null) {
            throw new PoisonMessageException(DeadLetterReason.MISSING_PROPERTY, "'" + name + "' is missing.");
        }
        if (!(value instanceof String s) || s.isEmpty()) {
            throw new PoisonMessageException(DeadLetterReason.MISSING_PROPERTY, "'" + name
                    + "' must be a non-empty string but was " + describe(value) + ".");
        }
        return s;
    }

    private static long requireLong(InboundMessage m, String name) {
        Object value = m.properties().get(name);
        if (value == null) {
            throw new PoisonMessageException(DeadLetterReason.MISSING_PROPERTY, "'" + name + "' is missing.");
        }
        // Senders in other languages may write a smaller integer type; all of them are fine.
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw new PoisonMessageException(DeadLetterReason.MISSING_PROPERTY, "'" + name
                + "' must be an integer but was " + describe(value) + ".");
    }

    private static void agree(String property, String inProperty, String inBody) {
        if (!inProperty.equals(inBody)) {
            throw new PoisonMessageException(DeadLetterReason.PROPERTY_MISMATCH, "'" + property + "' is '"
                    + clip(inProperty) + "' but the body says '" + clip(inBody) + "'.");
        }
    }

    private static String describe(Object value) {
        return value.getClass().getSimpleName() + " '" + clip(String.valueOf(value)) + "'";
    }

    private static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
