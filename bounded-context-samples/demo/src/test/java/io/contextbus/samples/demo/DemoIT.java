package io.contextbus.samples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The main job end to end, as a newcomer runs it, with 200 orders: the packaged demo jar in its
 * own JVM starts the broker, the four contexts (billing on Spring Boot) and the replay service as
 * separate JVMs, injects the shipping outage and message loss, replays, checks and reports. The run
 * must end consistent (exit code 0), with the carrier (shipping's debounced status sink) called
 * fewer times than there are events behind its statuses, and leave no process behind.
 */
class DemoIT {
    private static final long RUN_LIMIT_MINUTES = 8;
    private static final Pattern CARRIER_LINE = Pattern.compile("carrier sink calls\\s+([\\d,]+)\\s+for ([\\d,]+) ordering events");

    @Test
    @DisplayName("the demo converges to a consistent state after shipping's outage and replay, and stops everything")
    void the_demo_runs_consistent_end_to_end() throws Exception {
        Path jar = demoJar();
        Path work = Path.of("target", "demo-it").toAbsolutePath();
        Path output = Path.of("target", "demo-it.out").toAbsolutePath();
        Files.createDirectories(output.getParent());

        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(), "--orders=200", "--products=10", "--clients=4",
                "--work-dir=" + work, "--converge-timeout-seconds=180")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!demo.waitFor(RUN_LIMIT_MINUTES, TimeUnit.MINUTES)) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
            fail("the demo did not finish within " + RUN_LIMIT_MINUTES + " minutes; output:\n" + read(output));
        }
        String out = read(output);

        assertEquals(0, demo.exitValue(), "the demo's exit code; output:\n" + out);
        for (String expected : List.of("live status page http://127.0.0.1:", "billing listening on", "STEP 3: stop shipping",
                "purged", "STEP 4: restart shipping", "COMPLETED, sent", "commits replayed to shipping",
                "carrier sink calls", "duplicates dropped by inboxes", "RESULT: CONSISTENT")) {
            assertTrue(out.contains(expected), "the output lacks '" + expected + "':\n" + out);
        }
        Matcher carrier = CARRIER_LINE.matcher(out);
        assertTrue(carrier.find(), "no carrier line in:\n" + out);
        long calls = Long.parseLong(carrier.group(1).replace(",", ""));
        long events = Long.parseLong(carrier.group(2).replace(",", ""));
        assertTrue(calls > 0 && calls < events, "the debounced carrier got " + calls + " calls for " + events
                + " events: fewer calls than events expected");
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(work.toString())).orElse(false))
                .toList();
        assertEquals(List.of(), left, "processes of the run still alive");
    }

    private static Path demoJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-all.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-all.jar: run the package phase first"));
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "(no output)";
    }
}
