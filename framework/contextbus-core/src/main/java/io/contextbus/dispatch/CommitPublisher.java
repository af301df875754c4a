package io.contextbus.dispatch;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import java.util.List;

/**
 * Publishes commits of a context to its bus, one message per commit, keeping the given order per
 * stream. Returns only after the bus acknowledged every commit of the call.
 */
@FunctionalInterface
public interface CommitPublisher {
    /**
     * @throws io.contextbus.error.PublishException when any commit was not acknowledged; the caller
     *         publishes them all again (the bus drops the duplicates)
     */
    void publish(ContextName source, List<Commit> commits);
}
