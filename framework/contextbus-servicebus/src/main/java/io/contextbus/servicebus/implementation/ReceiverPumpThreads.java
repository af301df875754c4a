package io.contextbus.servicebus.implementation;

import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Azure SDK's receiver pump pool wide enough for one thread per session link the consumers
 * hold. The SDK hands every receive link two workers (its messages, its state) from one JVM-wide pool
 * of single-thread executors, 20 per core unless the system property {@value #PROPERTY} says
 * otherwise, read once when the first receiver starts; a session's handler runs on its messages
 * worker. Past that size links share threads: a session waits while another works through its
 * prefetch, and since the SDK sees a session's arrivals only on its worker, it closes the waiting
 * session as idle with messages in flight and hands it over (they are sent again: slower, never lost
 * or reordered). Before the first consumer of the JVM starts, when the property is unset, this raises
 * it to the largest of the SDK's default, {@link #FLOOR} and two workers per held session (the pool
 * starts threads only for links that exist and stops them after a minute unused). From then on the
 * pool is fixed: a consumer that needs more is warned about, once, with the value to set. It assumes
 * the consumers are the JVM's first Service Bus receivers; an application whose own receivers start
 * earlier sets the property itself.
 */
public final class ReceiverPumpThreads {
    static final String PROPERTY = "com.azure.core.amqp.receiversPumpingThreadPoolMaxSize";
    /** Room for four consumers of the default 32 sessions in one JVM before anyone must set the property. */
    static final int FLOOR = 256;
    public static final ReceiverPumpThreads JVM = new ReceiverPumpThreads(System.getProperties(),
            Runtime.getRuntime().availableProcessors());
    private static final Logger LOG = LoggerFactory.getLogger(ReceiverPumpThreads.class);

    private final Properties properties;
    private final int cores;
    private int heldSessions;
    private int poolSize;
    private boolean warned;

    ReceiverPumpThreads(Properties properties, int cores) {
        this.properties = properties;
        this.cores = cores;
    }

    /**
     * Counts {@code sessions} more session links about to start; returns the pool size in effect for them.
     * The first call fixes the pool, raising the property first when it is unset.
     */
    public synchronized int reserve(int sessions) {
        heldSessions += sessions;
        int needed = 2 * heldSessions;
        if (poolSize == 0) {
            poolSize = configured();
            if (properties.getProperty(PROPERTY) == null) {
                poolSize = Math.max(Math.max(FLOOR, poolSize), needed);
                properties.setProperty(PROPERTY, Integer.toString(poolSize));
                LOG.info("receiver pump pool raised property={} threads={} sessions={} cores={}", PROPERTY, poolSize,
                        heldSessions, cores);
            }
        }
        if (needed > poolSize && !warned) {
            warned = true;
            LOG.warn("session links share receiver threads: set -D{}={} before the first Service Bus receiver starts,"
                            + " or hold fewer sessions; sessions={} threads={}", PROPERTY, needed, heldSessions, poolSize);
        }
        return poolSize;
    }

    /** The session links of a stopped consumer are gone. */
    public synchronized void release(int sessions) {
        heldSessions = Math.max(0, heldSessions - sessions);
    }

    private int configured() {
        String value = properties.getProperty(PROPERTY);
        if (value != null) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                // The SDK falls back to its default for a value it cannot read; so do we.
            }
        }
        return 20 * cores;
    }
}
