package io.contextbus.servicebus.implementation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks Service Bus, every {@code interval} on its own daemon thread, whether it answers: the probe
 * is a call that needs a live AMQP link (for a topic's sender, making a message batch: free while
 * the link is up, a reconnection when it dropped; for a subscription, peeking its oldest message,
 * which locks nothing and also tells how long that message has waited). Health reads the latest
 * result without waiting. A probe that hangs shows as in flight, which the health rules judge against
 * their timeout. Logs once when the broker stops answering and once when it answers again.
 */
public final class BrokerProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);

    private final String what;
    private final Supplier<Optional<Instant>> probe;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private volatile Instant lastSuccessAt;
    private volatile Instant lastFailureAt;
    private volatile String lastError;
    private volatile Instant inFlightSince;
    private volatile Instant oldestMessage;

    /**
     * @param what  what is probed, for the log, e.g. {@code ordering.events}
     * @param probe throws when Service Bus did not answer; returns when the oldest message waiting in
     *              the probed subscription was enqueued, if it knows
     */
    public BrokerProbe(String what, Supplier<Optional<Instant>> probe, Duration interval, Clock clock) {
        this.what = what;
        this.probe = probe;
        this.interval = interval;
        this.clock = clock;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contextbus-broker-probe-" + what);
            t.setDaemon(true);
            return t;
        });
    }

    public BrokerProbe start() {
        thread.scheduleWithFixedDelay(this::probeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public ProbeState state() {
        return new ProbeState(Optional.ofNullable(lastSuccessAt), Optional.ofNullable(lastFailureAt),
                Optional.ofNullable(lastError), Optional.ofNullable(inFlightSince), Optional.ofNullable(oldestMessage));
    }

    void probeOnce() {
        inFlightSince = clock.instant();
        try {
            oldestMessage = probe.get().orElse(null);
            if (lastFailureAt != null && (lastSuccessAt == null || lastSuccessAt.isBefore(lastFailureAt))) {
                LOG.info("broker answers again probe={}", what);
            }
            lastSuccessAt = clock.instant();
        } catch (RuntimeException e) {
            boolean wasUp = lastFailureAt == null || (lastSuccessAt != null && lastSuccessAt.isAfter(lastFailureAt));
            lastError = ServiceBusErrors.reason(e) + ": " + e.getMessage();
            lastFailureAt = clock.instant();
            if (wasUp) {
                LOG.warn("broker does not answer probe={} reason={} error=\"{}\"", what, ServiceBusErrors.reason(e),
                        e.getMessage());
            }
        } finally {
            inFlightSince = null;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
