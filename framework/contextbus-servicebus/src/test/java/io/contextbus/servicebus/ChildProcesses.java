package io.contextbus.servicebus;

import io.contextbus.testkit.ChildJvm;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a child JVM main until it halts as planned, failing with its stderr otherwise. */
final class ChildProcesses {
    private ChildProcesses() {
    }

    static void runUntilHalt(Class<?> main, List<String> args, int haltCode) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("contextbus-servicebus-child", ".log");
        Process child = ChildJvm.start(main, args, stderr);
        child.getInputStream().transferTo(OutputStream.nullOutputStream());
        if (!child.waitFor(150, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not halt within 150 s:\n" + ChildJvm.tail(stderr));
        }
        if (child.exitValue() != haltCode) {
            throw new AssertionError(main.getSimpleName() + " exited with " + child.exitValue() + ", not the planned halt "
                    + haltCode + ":\n" + ChildJvm.tail(stderr));
        }
    }
}
