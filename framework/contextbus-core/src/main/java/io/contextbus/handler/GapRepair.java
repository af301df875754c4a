package io.contextbus.handler;

import io.contextbus.inbox.Gap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port a consumer calls when it holds commits of a stream ahead of missing ones: ask for a
 * targeted replay of exactly {@link Gap#streamId()} from {@link Gap#fromSequence()} to
 * {@link Gap#toSequence()} of {@link Gap#source()}. Called at most once per message that reveals the
 * gap; it must return quickly (queue the request), and may be called again for the same gap.
 * The replay service implements it; {@link #LOG_ONLY} is the default. A consumer that is given
 * {@link #LOG_ONLY} may log the gap in its own words instead of calling it (the Service Bus consumer
 * does: one line, {@code gap found, no GapRepair configured}, with the message's context).
 */
@FunctionalInterface
public interface GapRepair {

    /** Logs the gap so that an operator can start the replay by hand. */
    GapRepair LOG_ONLY = new GapRepair() {
        private final Logger log = LoggerFactory.getLogger(GapRepair.class);

        @Override
        public void requestReplay(Gap gap) {
            log.warn("gap needs a replay, no GapRepair configured source={} stream={} from={} to={}",
                    gap.source(), gap.streamId(), gap.fromSequence(), gap.toSequence());
        }
    };

    void requestReplay(Gap gap);
}
