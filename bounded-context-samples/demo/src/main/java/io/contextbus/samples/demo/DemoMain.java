package io.contextbus.samples.demo;

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
            topology = ClusterRun.topology(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            return 2;
        }
        return ClusterRun.run(options.workDir(), topology, "demo", "demo failed", System.err,
                cluster -> new Scenario(options, cluster, System.out).run());
    }
}
