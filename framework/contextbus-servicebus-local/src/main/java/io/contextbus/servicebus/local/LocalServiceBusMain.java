package io.contextbus.servicebus.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import io.contextbus.servicebus.local.internal.AdminServer;

/**
 * The standalone broker: {@code java -jar contextbus-servicebus-local-<version>-standalone.jar
 * --topology topology.json [--port 5672] [--host 127.0.0.1] [--admin-port 8089]}. Prints the
 * connection string; with {@code --admin-port}, serves the entity counts as JSON at
 * {@code http://127.0.0.1:<admin-port>/counts}. Runs until the process is stopped.
 */
public final class LocalServiceBusMain {

    private LocalServiceBusMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path topology = null;
        int port = 5672;
        int adminPort = -1;
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--topology" -> topology = Path.of(required(value, "--topology"));
                case "--port" -> port = Integer.parseInt(required(value, "--port"));
                case "--admin-port" -> adminPort = Integer.parseInt(required(value, "--admin-port"));
                case "--host" -> host = required(value, "--host");
                default -> usage("unknown option '" + args[i] + "'");
            }
            i++;
        }
        LocalServiceBus.Builder builder = LocalServiceBus.builder().port(port).host(host);
        if (topology != null) {
            builder.topologyFile(topology);
        }
        LocalServiceBus bus = builder.start();
        AdminServer admin = adminPort >= 0 ? AdminServer.start(adminPort, bus::allCounts) : null;
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

    private static String required(String value, String option) {
        if (value == null) {
            usage("'" + option + "' needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: --topology <file.json> [--port 5672] [--host 127.0.0.1] [--admin-port <port>]");
        System.exit(2);
    }
}
