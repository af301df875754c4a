package io.contextbus.replay.client;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The catch-up journal contract on a file. */
class FileCatchUpJournalTest extends CatchUpJournalContract {
    @TempDir
    Path dir;

    @Override
    CatchUpJournal journal() {
        return CatchUpJournal.file(dir.resolve("shipping.catch-up"));
    }
}
