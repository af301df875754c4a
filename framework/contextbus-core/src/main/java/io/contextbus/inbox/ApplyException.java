package io.contextbus.inbox;

import io.contextbus.error.ContextBusException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;

/**
 * The applier threw while applying a commit; the inbox transaction rolled back. Transient unless the
 * applier threw a non-transient {@link ContextBusException}: the message will be retried and, if it
 * keeps failing, dead-lettered by the broker.
 */
public class ApplyException extends ContextBusException {
    private final ContextName source;
    private final StreamId streamId;
    private final long commitSequence;

    public ApplyException(ContextName source, StreamId streamId, long commitSequence, Throwable cause) {
        super("Applying " + source + "/" + streamId.value() + ":" + commitSequence + " failed: " + cause,
                !(cause instanceof ContextBusException c) || c.isTransient(), cause);
        this.source = source;
        this.streamId = streamId;
        this.commitSequence = commitSequence;
    }

    public ContextName source() {
        return source;
    }

    public StreamId streamId() {
        return streamId;
    }

    public long commitSequence() {
        return commitSequence;
    }
}
