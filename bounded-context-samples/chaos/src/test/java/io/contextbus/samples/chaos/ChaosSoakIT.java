package io.contextbus.samples.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The soak's short run, in the build: the sample system as separate JVMs under a steady load, one
 * fault of every kind (each context, the replay service and the broker SIGKILLed, a subscription
 * purged, duplicated and reordered commits, a poison event parked and skipped through the holds
 * API; seed 19 ends with the broker's kill, the hardest start for convergence), then convergence and
 * the invariant check. It must report 0 violations, every fault kind injected once, and leave no
 * process behind.
 */
@DisplayName("The chaos soak, short run")
class ChaosSoakIT {
    private static final Pattern FAULT_LINE = Pattern.compile("^  ([A-Z_]+)\\s+(\\d+)   ", Pattern.MULTILINE);

    @Test
    @DisplayName("faults of every kind under load end with every invariant holding")
    void a_short_soak_ends_with_no_violation() throws Exception {
        Path work = Path.of("target", "chaos-it").toAbsolutePath();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new TeeStream(bytes, System.out), true, StandardCharsets.UTF_8);

        int exit = ChaosMain.run(new String[] {"--commits=1500", "--faults-per-kind=1", "--rate=15", "--clients=8",
                "--products=10", "--seed=19", "--max-pause-ms=1500", "--converge-timeout-seconds=300",
                "--work-dir=" + work}, out);
        String report = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, exit, "the soak's exit code; see its output above");
        assertTrue(report.contains(SoakReport.RESULT_OK), report);
        assertTrue(report.contains("seed                            19"), report);
        Matcher m = FAULT_LINE.matcher(report);
        int kinds = 0;
        while (m.find()) {
            if (FaultKind.valueOf(m.group(1)) != null) {
                assertEquals("1", m.group(2), "faults of kind " + m.group(1));
                kinds++;
            }
        }
        assertEquals(FaultKind.values().length, kinds, "a count for every fault kind in:\n" + report);
        List<ProcessHandle> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(work.toString())).orElse(false))
                .toList();
        assertEquals(List.of(), left, "processes of the run still alive");
        assertTrue(Files.isDirectory(work.resolve("logs")));
    }

    /** Writes to both: the report is checked and shown in the build's output. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
