package io.contextbus.samples.chaos;

import io.contextbus.samples.demo.Cluster;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The chaos soak: {@code ChaosMain [--commits=100000] [--faults-per-kind=50] [--rate=20]
 * [--clients=16] [--products=20] [--seed=N] [--max-pause-ms=2000] [--work-dir=target/chaos-run]
 * [--converge-timeout-seconds=600] [--topology=...]}. Exit code 0 when no invariant is violated,
 * 1 when some is, 2 when the run itself failed; every process it started is stopped, also on Ctrl-C.
 */
public final class ChaosMain {
    private ChaosMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) {
        SoakOptions options;
        Path topology;
        try {
            options = SoakOptions.parse(args);
            topology = topology(args);
        } catch (IllegalArgumentException e) {
            out.println("chaos soak: " + e.getMessage());
            return 2;
        }
        Cluster cluster = new Cluster(options.workDir(), topology);
        Thread hook = new Thread(cluster::close, "soak-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return new Soak(options, cluster, out).run();
        } catch (Exception e) {
            if (cluster.isClosed()) {
                out.println("chaos soak interrupted: every process it started is stopped.");
                return 130;
            }
            out.println("chaos soak failed (seed " + options.seed() + "): " + e);
            e.printStackTrace(out);
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
