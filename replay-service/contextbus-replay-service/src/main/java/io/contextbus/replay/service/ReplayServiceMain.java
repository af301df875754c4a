package io.contextbus.replay.service;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar contextbus-replay-service-all.jar --config replay.json}: starts the service and
 * runs until the process is stopped; a stop closes it in order (a replay in flight keeps its
 * durable progress and is resumed by the next start).
 */
public final class ReplayServiceMain {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayServiceMain.class);

    private ReplayServiceMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                config = Path.of(args[++i]);
            }
        }
        if (config == null) {
            System.err.println("usage: replay-service --config <file.json>");
            System.exit(2);
        }
        ReplayService service = ReplayService.start(ReplayServiceConfig.load(config, System.getenv()));
        // Tests and scripts read this line to learn the port.
        System.out.println("replay-service listening on " + service.uri());
        System.out.flush();
        LOG.info("replay service started uri={} config={}", service.uri(), config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }, "replay-shutdown"));
        stopped.await();
    }
}
