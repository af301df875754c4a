package io.contextbus.replay.client;

import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.SourceHeads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The commits {@code from..to} of one source stream that the source holds and the consumer's inbox
 * has not applied: {@code from} is the inbox's last applied commitSequence + 1, {@code to} the head
 * the source reported, stamped {@code headStamp}.
 */
public record MissingTail(ContextName source, StreamId streamId, long from, long to, Instant headStamp) {
    public MissingTail {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(streamId, "streamId");
        ValidationException.requireNonNull(headStamp, "headStamp");
        ValidationException.require(from >= 1, "from", "must be at least 1 but was " + from + ".");
        ValidationException.require(to >= from, "to", "must not be below 'from' (" + from + ") but was " + to + ".");
    }

    /** How many commits are missing. */
    public long commits() {
        return to - from + 1;
    }

    /** The inbox's last applied commitSequence of a source stream (e.g. {@code inbox::lastApplied}). */
    @FunctionalInterface
    public interface LastApplied {
        long of(ContextName source, StreamId streamId);
    }

    /**
     * The tails that {@code page}'s heads show missing from the inbox: every stream whose head is
     * past its last applied commitSequence, in the page's order. Streams the inbox has up to (or
     * past) their head are not missing.
     */
    public static List<MissingTail> of(SourceHeads page, LastApplied inbox) {
        ValidationException.requireNonNull(page, "page");
        ValidationException.requireNonNull(inbox, "inbox");
        List<MissingTail> missing = new ArrayList<>();
        for (SourceHeads.Head h : page.heads()) {
            long applied = inbox.of(page.source(), h.streamId());
            if (applied < h.lastSequence()) {
                missing.add(new MissingTail(page.source(), h.streamId(), applied + 1, h.lastSequence(), h.stamp()));
            }
        }
        return missing;
    }
}
