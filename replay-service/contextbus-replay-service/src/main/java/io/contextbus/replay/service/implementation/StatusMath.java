package io.contextbus.replay.service.implementation;

import io.contextbus.replay.ReplayStatus;
import io.contextbus.replay.service.implementation.StatusSnapshot.ConsumerLag;
import io.contextbus.replay.service.implementation.StatusSnapshot.DispatchLag;
import io.contextbus.replay.service.implementation.StatusSnapshot.ReplayProgress;
import io.contextbus.model.ContextName;
import java.util.Map;
import java.util.OptionalLong;

/** The status page's arithmetic, on figures already read from the stores. Pure functions. */
final class StatusMath {
    private StatusMath() {
    }

    /**
     * A consumer's lag on a source: for every stream of the source, its head commitSequence minus
     * the consumer's last applied one (0 when it never applied any). A stream the inbox knows but the
     * source does not (a source store restored from an older backup) counts as not behind.
     */
    static ConsumerLag consumerLag(String source, Map<String, Long> sourceHeads, Map<String, Long> lastApplied,
                                   long stashed, long parked, OptionalLong deadLettered) {
        long behind = 0;
        long lag = 0;
        for (Map.Entry<String, Long> head : sourceHeads.entrySet()) {
            long missing = head.getValue() - lastApplied.getOrDefault(head.getKey(), 0L);
            if (missing > 0) {
                behind++;
                lag += missing;
            }
        }
        return new ConsumerLag(source, sourceHeads.size(), behind, lag, stashed, parked, deadLettered);
    }

    /** The dispatcher's lag: {@code after} commits stored after its checkpoint. */
    static DispatchLag dispatchLag(long head, long checkpoint, long after) {
        return new DispatchLag(head, checkpoint, Math.max(0, after));
    }

    /** A replay's progress; the fraction is 0 until something is planned and never above 1. */
    static ReplayProgress replay(ReplayStatus s) {
        double fraction = s.planned() <= 0 ? 0 : Math.min(1.0, (double) s.sent() / s.planned());
        return new ReplayProgress(s.id(), s.request().target().value(),
                s.request().sources().stream().map(ContextName::value).toList(), s.state().name(), s.planned(), s.sent(),
                s.ratePerSecond(), s.etaSeconds(), fraction);
    }
}
