package io.contextbus.replay.client;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile journal contract on a file. */
class FileReconcileJournalTest extends ReconcileJournalContract {
    @TempDir
    Path dir;

    @Override
    ReconcileJournal journal() {
        return ReconcileJournal.file(dir.resolve("shipping.reconcile"));
    }
}
