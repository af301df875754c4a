package io.contextbus.samples.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM the demo starts: same classpath as the demo, its own main class and arguments, its
 * output appended to a log file. {@link #stop()} asks it to stop (SIGTERM, so its shutdown hook
 * closes the store and the bus) and kills it if it does not within the grace period.
 */
final class ChildProcess {
    private static final Duration GRACE = Duration.ofSeconds(20);

    private final String name;
    private final Path log;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path directory;
    private Process process;

    ChildProcess(String name, Path log, String mainClass, List<String> args, Map<String, String> env) {
        this(name, log, mainClass, args, env, null);
    }

    /** As the other constructor, running in {@code directory} (null: this JVM's working directory). */
    ChildProcess(String name, Path log, String mainClass, List<String> args, Map<String, String> env, Path directory) {
        this.name = name;
        this.log = log;
        this.env = Map.copyOf(env);
        this.directory = directory;
        List<String> c = new ArrayList<>();
        c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        c.add("-Xmx384m");
        c.add("-XX:+UseSerialGC");
        // The client compiler only: a demo run is over within minutes, before the optimizing
        // compiler's work pays back, and six JVMs compiling on a 2-core machine take the CPU the
        // orders need (the ordering process used half the CPU per order with it).
        c.add("-XX:TieredStopAtLevel=1");
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(mainClass);
        c.addAll(args);
        this.command = List.copyOf(c);
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    synchronized void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        b.environment().putAll(env);
        if (directory != null) {
            b.directory(directory.toFile());
        }
        process = b.start();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Stops the process: SIGTERM, then SIGKILL after the grace period. Returns its exit code. */
    synchronized int stop() {
        if (process == null) {
            return 0;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Kills the process at once (SIGKILL): no shutdown hook runs, as in a crash. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** The last lines of its log, for error messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
