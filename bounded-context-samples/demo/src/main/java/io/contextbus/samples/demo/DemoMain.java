package io.contextbus.samples.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The main job: {@code java -jar contextbus-sample-demo-all.jar [--orders=6000] [--products=20]
 * [--clients=64] [--work-dir=target/demo-run] [--topology=...]}. Starts every process, runs the
 * scenario, prints the report, stops every process (also on Ctrl-C) and exits 0 only when every
 * context is consistent (1 when not, 2 when the run itself failed).
 */
public final class DemoMain {
    private DemoMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        DemoOptions options;
        Path topology;
        try {
            options = DemoOptions.parse(args);
            topology = topology(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            return 2;
        }
        Cluster cluster = new Cluster(options.workDir(), topology);
        Thread hook = new Thread(cluster::close, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return new Scenario(options, cluster, System.out).run();
        } catch (Exception e) {
            if (cluster.isClosed()) {
                System.err.println("demo interrupted: every process it started is stopped.");
                return 130;
            }
            System.err.println("demo failed: " + e.getMessage());
            e.printStackTrace();
            return 2;
        } finally {
            cluster.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running already.
            }
        }
    }

    /** {@code --topology=<file>}, or the sample topology found from the working directory upwards. */
    private static Path topology(String[] args) {
        for (String a : args) {
            if (a.startsWith("--topology=")) {
                return Path.of(a.substring("--topology=".length()));
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("infra/topology/contextbus-sample.topology.json");
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("'--topology' is required: infra/topology/contextbus-sample.topology.json"
                + " was not found from the working directory upwards.");
    }
}
