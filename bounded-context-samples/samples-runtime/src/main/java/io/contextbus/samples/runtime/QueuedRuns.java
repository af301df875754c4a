package io.contextbus.samples.runtime;

import io.contextbus.samples.common.domain.DomainRuleException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one queued command and decides its fate; shared by both work queues. */
final class QueuedRuns {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedRuns.class);
    private final CommandQueue.Runner runner;
    private final LongAdder executed = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    QueuedRuns(CommandQueue.Runner runner) {
        this.runner = runner;
    }

    /**
     * Runs {@code q}: normally, or dropped when it breaks a domain rule or cannot be read (it would
     * fail the same way forever); either way it may then be removed. Any other failure throws, and
     * the command stays queued to be retried.
     */
    void run(CommandQueue.Queued q) {
        try {
            runner.run(q);
            executed.increment();
        } catch (DomainRuleException e) {
            dropped.increment();
            LOG.info("queued command dropped key={} stream={} kind={} rule={} reason=\"{}\"", q.key(), q.stream(), q.kind(),
                    e.rule(), e.getMessage());
        } catch (IllegalArgumentException e) {
            dropped.increment();
            LOG.error("queued command unreadable, dropped key={} stream={} kind={} error=\"{}\"", q.key(), q.stream(),
                    q.kind(), e.getMessage());
        } catch (Exception e) {
            throw new IllegalStateException("queued command " + q.key() + " (" + q.kind() + " on " + q.stream() + ") failed", e);
        }
    }

    long executed() {
        return executed.sum();
    }

    long dropped() {
        return dropped.sum();
    }
}
