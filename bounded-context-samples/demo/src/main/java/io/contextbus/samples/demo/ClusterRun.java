package io.contextbus.samples.demo;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a main class runs a job on a {@link Cluster} of the sample's processes (the demo, the chaos
 * soak): find the topology, start the cluster, stop every process it started when the job ends,
 * fails or the JVM is stopped (Ctrl-C), and turn the outcome into an exit code.
 */
public final class ClusterRun {
    /** The job: returns its exit code (0 = consistent, 1 = violations). */
    @FunctionalInterface
    public interface Job {
        int run(Cluster cluster) throws Exception;
    }

    private ClusterRun() {
    }

    /**
     * Runs {@code job} on a cluster in {@code workDir}; returns its exit code, 130 when interrupted
     * (the cluster was closed under it), 2 when it failed ({@code failed} and the stack trace are
     * printed to {@code err}).
     */
    public static int run(Path workDir, Path topology, String name, String failed, PrintStream err, Job job) {
        Cluster cluster = new Cluster(workDir, topology);
        Thread hook = new Thread(cluster::close, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return job.run(cluster);
        } catch (Exception e) {
            if (cluster.isClosed()) {
                err.println(name + " interrupted: every process it started is stopped.");
                return 130;
            }
            err.println(failed + ": " + e);
            e.printStackTrace(err);
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
    public static Path topology(String[] args) {
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
