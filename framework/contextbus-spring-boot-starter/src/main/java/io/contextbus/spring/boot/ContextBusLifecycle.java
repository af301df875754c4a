package io.contextbus.spring.boot;

import io.contextbus.servicebus.ContextBus;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link ContextBus} once every bean is ready (handlers, read models, web server) and
 * stops it first when the application shuts down, before the store it reads and writes closes. A
 * stopped bus is not restarted: a Service Bus client cannot be reopened.
 */
public final class ContextBusLifecycle implements SmartLifecycle {
    /** Late in start-up, early in shutdown (the web server stops gracefully before). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 2048;

    private final ContextBus bus;
    private volatile boolean running;

    public ContextBusLifecycle(ContextBus bus) {
        this.bus = bus;
    }

    @Override
    public synchronized void start() {
        if (!running) {
            bus.start();
            running = true;
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            bus.close();
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
