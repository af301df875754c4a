package io.contextbus.samples.chaos;

import io.contextbus.samples.demo.ClusterRun;
import java.io.PrintStream;
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
            topology = ClusterRun.topology(args);
        } catch (IllegalArgumentException e) {
            out.println("chaos soak: " + e.getMessage());
            return 2;
        }
        return ClusterRun.run(options.workDir(), topology, "chaos soak", "chaos soak failed (seed " + options.seed() + ")",
                out, cluster -> new Soak(options, cluster, out).run());
    }
}
