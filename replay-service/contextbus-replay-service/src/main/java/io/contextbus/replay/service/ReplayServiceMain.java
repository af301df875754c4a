package io.contextbus.replay.service;

import io.contextbus.error.ValidationException;
import io.contextbus.observation.ContextBusObserver;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar contextbus-replay-service-all.jar [--config replay.json]}: starts the service and
 * runs until the process is stopped; a stop closes it in order (a replay in flight keeps its
 * durable progress and is resumed by the next start, or by another replica once its lease
 * expires). Without {@code --config} the {@code CONTEXTBUS_*} environment variables alone
 * configure it (how it runs on Azure); with it they complement the file.
 */
public final class ReplayServiceMain {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayServiceMain.class);

    private ReplayServiceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ReplayService service;
        try {
            service = start(args, System.getenv());
        } catch (ValidationException e) {
            System.err.println("replay-service: " + e.getMessage());
            System.err.println("usage: replay-service [--config <file.json>] [--broker-counts-url=<local broker /counts URL>]"
                    + "  (without --config: the CONTEXTBUS_* environment variables)");
            System.exit(2);
            return;
        }
        // Tests and scripts read this line to learn the port.
        System.out.println("replay-service listening on " + service.uri());
        System.out.println("replay-service status page " + service.statusPage());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "replay-shutdown"));
        stopped.await();
    }

    /**
     * What {@link #main} does before it waits: reads the configuration from the arguments and
     * {@code env} (a file with {@code --config}, else the environment alone) and starts the service.
     */
    public static ReplayService start(String[] args, Map<String, String> env) {
        ValidationException.requireNonNull(args, "args");
        ValidationException.requireNonNull(env, "env");
        Path file = null;
        DeadLetterCounts deadLetters = DeadLetterCounts.NONE;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].startsWith("--config=")) {
                file = Path.of(args[i].substring("--config=".length()));
            } else if (args[i].startsWith("--broker-counts-url=")) {
                String url = args[i].substring("--broker-counts-url=".length());
                try {
                    deadLetters = DeadLetterCounts.brokerAdmin(java.net.URI.create(url));
                } catch (IllegalArgumentException e) {
                    throw new ValidationException("broker-counts-url", "'broker-counts-url' is not a URL: '" + url + "'.");
                }
            } else {
                throw new ValidationException("args", "'args' has an unknown argument '" + args[i] + "'.");
            }
        }
        ReplayServiceConfig config = file == null ? ReplayServiceConfig.fromEnvironment(env) : ReplayServiceConfig.load(file, env);
        ReplayService service = ReplayService.start(config, deadLetters, ContextBusObserver.NONE);
        LOG.info("replay service started uri={} config={} registry={} runner={}", service.uri(),
                file == null ? "environment" : file, config.cosmosRegistry().isPresent() ? "cosmos" : config.dataFile(),
                service.runnerId());
        return service;
    }
}
