package io.contextbus.servicebus.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The standalone jar, started as a child JVM the way its README says, logs through the SLF4J
 * provider it carries: its start at info and a refused connection's warning reach stderr.
 */
@DisplayName("The standalone broker's logs")
class StandaloneLoggingIT {

    private static final Pattern CONNECTION_STRING = Pattern.compile("Endpoint=sb://localhost:(\\d+);");

    @Test
    @DisplayName("a refused connection's warning reaches stderr")
    void warningOnStderr() throws Exception {
        // given: the standalone broker on a free port
        Process broker = new ProcessBuilder(javaCommand(), "-jar", standaloneJar().toString(), "--port", "0")
                .start();
        List<String> stderr = new CopyOnWriteArrayList<>();
        Thread errReader = collect(broker, stderr);
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8))) {
            int port = port(out.readLine(), stderr);

            // when: a client sends a frame bigger than AMQP allows before open
            RawAmqp.exchange(port, RawAmqp.concat(RawAmqp.AMQP_HEADER, RawAmqp.frameHeader(1 << 30)));

            // then
            Await.until("the warning on stderr; it holds " + stderr, () -> stderr.stream()
                    .anyMatch(line -> line.contains("WARN") && line.contains("event=connectionRefused")
                            && line.contains("amqp:connection:framing-error")));
            assertTrue(stderr.stream().anyMatch(line -> line.contains("INFO") && line.contains("event=listening")),
                    "the start is logged at info: " + stderr);
        } finally {
            broker.destroy();
            broker.waitFor();
            errReader.join(10_000);
        }
    }

    private static int port(String firstLine, List<String> stderr) {
        Matcher matcher = CONNECTION_STRING.matcher(String.valueOf(firstLine));
        if (!matcher.find()) {
            throw new AssertionError("The broker printed no connection string but '" + firstLine + "'; stderr: "
                    + stderr);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static Thread collect(Process process, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException gone) {
                // the process ended
            }
        }, "standalone-stderr");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The shaded jar the package phase built, before Failsafe runs. */
    private static Path standaloneJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-standalone.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("No *-standalone.jar in target/: run the package phase"));
        }
    }
}
