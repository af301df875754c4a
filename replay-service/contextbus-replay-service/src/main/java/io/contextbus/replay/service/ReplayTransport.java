package io.contextbus.replay.service;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import java.util.List;

/**
 * Sends resent commits. {@link #send} returns only once the bus acknowledged every commit, which
 * are published to {@code source}'s own topic as replay messages that only {@code target}'s
 * subscription accepts, in the given order. Safe to call from many threads for different streams.
 */
public interface ReplayTransport extends AutoCloseable {

    /** Sends {@code commits} of {@code source} for {@code target} as replay {@code replayId}, in order. */
    void send(ContextName source, ContextName target, String replayId, List<Commit> commits);

    /**
     * Throws unless the bus answers for {@code source}'s topic, without sending anything; for the
     * service's health. The default answers nothing and never throws.
     */
    default void checkReachable(ContextName source) {
    }

    @Override
    void close();
}
