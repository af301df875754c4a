package io.contextbus.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a second JVM on this JVM's classpath and java binary, so that tests can kill a process
 * holding a store without closing it. System properties starting with {@code contextbus.} are
 * passed on (that is how a fixture's configuration, e.g. an endpoint, reaches the child).
 */
public final class ChildJvm {
    /** Prefix of the system properties handed to the child. */
    public static final String PROPERTY_PREFIX = "contextbus.";

    private ChildJvm() {
    }

    /**
     * Starts {@code mainClass} with {@code args}; its stdout is readable from the process, its
     * stderr goes to {@code stderrFile}.
     */
    public static Process start(Class<?> mainClass, List<String> args, Path stderrFile) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx256m");
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            String key = String.valueOf(p.getKey());
            if (key.startsWith(PROPERTY_PREFIX)) {
                command.add("-D" + key + "=" + p.getValue());
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        try {
            Files.createDirectories(stderrFile.toAbsolutePath().getParent());
            return new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.to(stderrFile.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + mainClass.getName() + " in a second JVM", e);
        }
    }

    /** The java binary running this JVM. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /** The child's stderr so far, for failure messages. */
    public static String tail(Path stderrFile) {
        try {
            String text = Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
            return text.length() > 4000 ? "..." + text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(stderr unreadable: " + e + ")";
        }
    }
}
