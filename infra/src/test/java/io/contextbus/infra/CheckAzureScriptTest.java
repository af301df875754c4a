package io.contextbus.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without the Azure CLI, check-azure.sh prints one clear line and succeeds (the offline checks are the build's). */
class CheckAzureScriptTest {

    @Test
    void prints_one_line_and_exits_zero_when_az_is_missing(@TempDir Path bin) throws Exception {
        // A PATH holding only what the script needs before it looks for az: no az on it.
        Files.createSymbolicLink(bin.resolve("dirname"), Path.of(which("dirname")));
        ProcessBuilder withoutAz = new ProcessBuilder("/bin/bash",
                Infra.dir().resolve("scripts/check-azure.sh").toString()).redirectErrorStream(true);
        withoutAz.environment().put("PATH", bin.toString());
        Process run = withoutAz.start();
        assertTrue(run.waitFor(2, TimeUnit.MINUTES), "check-azure.sh did not finish");
        List<String> lines = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();

        assertEquals(0, run.exitValue(), lines.toString());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("check-azure: SKIPPED - the Azure CLI (az) is not installed"), lines.get(0));
    }

    private static String which(String tool) throws IOException {
        for (String dir : List.of("/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return dir + "/" + tool;
            }
        }
        throw new IOException(tool + " not found in /usr/bin or /bin");
    }
}
