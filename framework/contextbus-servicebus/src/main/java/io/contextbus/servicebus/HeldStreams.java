package io.contextbus.servicebus;

import io.contextbus.error.ValidationException;
import io.contextbus.handler.Delivery;
import io.contextbus.handler.GapRepair;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.CommitApplier;
import io.contextbus.inbox.Gap;
import io.contextbus.inbox.Inbox;
import io.contextbus.inbox.InboxResult;
import io.contextbus.inbox.SkippedCommit;
import io.contextbus.inbox.StreamHold;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.implementation.HoldKeeper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' handle on the streams a consuming context holds in its inbox
 * ({@link ContextBus#heldStreams()}): {@link #list()} them (parked and waiting), {@link #retry}
 * a parked one after a fix (its commit is applied again, then what waited behind it),
 * {@link #skip} its commit (recorded with who, why and when; the stream continues after it), or
 * {@link #replay} it (the inbox forgets the held commits and the replay service resends them from
 * the source). Each action is one inbox transaction; the result says what it came to.
 */
public final class HeldStreams {
    private static final Logger LOG = LoggerFactory.getLogger(HeldStreams.class);

    private final ContextName consumer;
    private final Inbox<Object> inbox;
    private final Map<ContextName, Handlers<Object>> handlers;
    private final GapRepair gapRepair;
    private final HoldKeeper<Object> keeper;
    private final Clock clock;

    @SuppressWarnings({"unchecked", "rawtypes"})
    HeldStreams(ContextName consumer, Inbox<?> inbox, Map<ContextName, ? extends Handlers<?>> handlers,
                GapRepair gapRepair, HoldKeeper<?> keeper, Clock clock) {
        this.consumer = consumer;
        this.inbox = (Inbox) inbox;
        this.handlers = (Map) Map.copyOf(handlers);
        this.gapRepair = gapRepair;
        this.keeper = (HoldKeeper) keeper;
        this.clock = clock;
    }

    /** Every held stream, parked and waiting, oldest first. */
    public List<StreamHold> list() {
        return inbox.holds();
    }

    /** The parked streams only, oldest first. */
    public List<StreamHold> parked() {
        return list().stream().filter(StreamHold::isParked).toList();
    }

    /** The commits waiting for a dependency, oldest first. */
    public List<StreamHold> waiting() {
        return list().stream().filter(h -> !h.isParked()).toList();
    }

    /** The commits operators skipped, oldest first. */
    public List<SkippedCommit> skipped() {
        return inbox.skipped();
    }

    /**
     * Applies the held commit of {@code streamId} from {@code source} again with the consumer's
     * handlers, then what waited behind it. {@link InboxResult.Applied} when the stream flows again;
     * {@link InboxResult.Held} when it is held again (the attempt counted);
     * {@link InboxResult.Duplicate} when it was not held.
     */
    public InboxResult retry(String source, String streamId) {
        ContextName from = sourceOf(source);
        StreamId stream = StreamId.of(streamId);
        InboxResult result = inbox.retryHold(from, stream, fromStash(from));
        LOG.info("held stream retried consumer={} source={} stream={} result={}", consumer, from, stream, name(result));
        report(from, result);
        return result;
    }

    /**
     * Counts commit {@code commitSequence} (the held one) of {@code streamId} as applied without
     * handling it, records who skipped it and why, and applies what waited behind it.
     *
     * @throws ValidationException naming the field when an argument is bad, or naming {@code skip}
     *         when the stream is held at another commit
     */
    public InboxResult skip(String source, String streamId, long commitSequence, String by, String why) {
        ContextName from = sourceOf(source);
        SkippedCommit skip = new SkippedCommit(from, StreamId.of(streamId), commitSequence, by, why, clock.instant());
        InboxResult result = inbox.skipHold(skip, fromStash(from));
        LOG.warn("held commit skipped consumer={} source={} stream={} seq={} by=\"{}\" why=\"{}\" result={}", consumer,
                from, skip.streamId(), commitSequence, by, why, name(result));
        report(from, result);
        return result;
    }

    /**
     * Forgets the held commit of {@code streamId} and those stashed behind it, and asks the replay
     * service ({@link GapRepair}) to resend that range from the source; they are applied afresh as
     * they arrive (and park again if they still cannot be). Empty when the stream was not held.
     */
    public Optional<Gap> replay(String source, String streamId) {
        ContextName from = sourceOf(source);
        Optional<Gap> range = inbox.dropHold(from, StreamId.of(streamId));
        range.ifPresent(gap -> {
            LOG.warn("held stream handed to a replay consumer={} source={} stream={} from={} to={}", consumer, from,
                    gap.streamId(), gap.fromSequence(), gap.toSequence());
            gapRepair.requestReplay(gap);
        });
        return range;
    }

    /** The source's handlers, told that the commits they apply come from the inbox's stash. */
    private CommitApplier<Object> fromStash(ContextName source) {
        Handlers<Object> h = handlers.get(source);
        return (src, c, tx) -> h.apply(src, c, tx, Delivery.STASH);
    }

    private ContextName sourceOf(String source) {
        ContextName from = ContextName.of(ValidationException.requireNonNull(source, "source"));
        ValidationException.require(handlers.containsKey(from), "source", "is not a context '" + consumer
                + "' consumes: '" + source + "'.");
        return from;
    }

    private void report(ContextName source, InboxResult result) {
        if (result instanceof InboxResult.Applied a) {
            keeper.applied(source, a.applied());
        } else if (result instanceof InboxResult.Held h) {
            keeper.applied(source, h.applied());
            keeper.held(h.hold());
        }
    }

    private static String name(InboxResult result) {
        return result.getClass().getSimpleName();
    }
}
