package io.contextbus.replay.service.implementation;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract on the SQLite file. */
class ReplayRegistryTest extends ReplayRegistryContract {
    @TempDir
    Path dir;

    @Override
    ReplayRegistry open() {
        return ReplayRegistry.open(dir.resolve("r.db"));
    }
}
