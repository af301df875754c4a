package io.contextbus.servicebus.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.contextbus.servicebus.local.implementation.AdminServer;

/**
 * The standalone broker: {@code java -jar contextbus-servicebus-local-<version>-standalone.jar
 * --topology topology.json [--port 5672] [--host 127.0.0.1] [--admin-port 8089]
 * [--handshake-timeout <seconds>] [--max-connections <n>] [--max-frame-size <bytes>]
 * [--log-level info]}. Prints the connection string; with {@code --admin-port}, serves the entity
 * counts as JSON at {@code http://127.0.0.1:<admin-port>/counts}. Logs to stderr through the
 * slf4j-simple provider the standalone jar carries. Runs until the process is stopped.
 */
public final class LocalServiceBusMain {

    private LocalServiceBusMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // before anything else: reading the topology may already log
        configureLogging(logLevel(args));
        LocalServiceBus.Builder builder = LocalServiceBus.builder().port(5672);
        int adminPort = -1;
        for (int i = 0; i < args.length; i++) {
            String value = required(i + 1 < args.length ? args[i + 1] : null, args[i]);
            switch (args[i]) {
                case "--topology" -> builder.topologyFile(Path.of(value));
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--admin-port" -> adminPort = Integer.parseInt(value);
                case "--host" -> builder.host(value);
                case "--handshake-timeout" -> builder.handshakeTimeout(Duration.ofSeconds(Long.parseLong(value)));
                case "--max-connections" -> builder.maxConnections(Integer.parseInt(value));
                case "--max-frame-size" -> builder.maxFrameSize(Integer.parseInt(value));
                case "--log-level" -> {
                    // applied above
                }
                default -> usage("unknown option '" + args[i] + "'");
            }
            i++;
        }
        LocalServiceBus bus = builder.start();
        AdminServer admin = adminPort >= 0 ? AdminServer.start(adminPort, bus::allCounts, bus::openConnections) : null;
        System.out.println(bus.connectionString());
        if (admin != null) {
            System.out.println("admin: http://127.0.0.1:" + admin.port() + "/counts");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (admin != null) {
                admin.close();
            }
            bus.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static String logLevel(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--log-level")) {
                return args[i + 1];
            }
        }
        return "info";
    }

    /**
     * Defaults for slf4j-simple, set before the first logger exists; {@code -Dorg.slf4j.simpleLogger.*}
     * system properties given on the command line win. Has no effect under another SLF4J provider.
     */
    private static void configureLogging(String level) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", level));
        System.setProperty("org.slf4j.simpleLogger.showDateTime",
                System.getProperty("org.slf4j.simpleLogger.showDateTime", "true"));
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat",
                System.getProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"));
    }

    private static String required(String value, String option) {
        if (value == null) {
            usage("'" + option + "' needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: [--topology <file.json>] [--port 5672] [--host 127.0.0.1] [--admin-port <port>]"
                + " [--handshake-timeout <seconds, 30>] [--max-connections <1000>] [--max-frame-size <65536>]"
                + " [--log-level <error|warn|info|debug|trace, info>]");
        System.exit(2);
    }
}
