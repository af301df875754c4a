package io.contextbus.samples.runtime;

import java.io.IOException;

/** The {@code main} of every sample context: settings, wiring, start, wait for SIGTERM / Ctrl-C. */
public final class ServiceMain {
    private ServiceMain() {
    }

    /** Wires a context onto a started-or-not {@link ContextService}; returns it. */
    @FunctionalInterface
    public interface Wiring {
        ContextService<?> create(ServiceSettings settings) throws IOException;
    }

    public static void run(String context, String[] args, Wiring wiring) throws IOException, InterruptedException {
        ContextService<?> service = wiring.create(ServiceSettings.parse(context, args));
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, context + "-shutdown"));
        service.start();
        service.awaitStop();
    }
}
