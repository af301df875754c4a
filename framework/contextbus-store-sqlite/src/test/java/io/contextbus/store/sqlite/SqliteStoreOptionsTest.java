package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.codec.CommitLimits;
import io.contextbus.error.ValidationException;
import io.contextbus.model.ContextName;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SqliteStoreOptionsTest {
    @Test
    void defaultsAreDurable() {
        assertEquals(SqliteSynchronous.FULL, SqliteStoreOptions.DEFAULT.synchronous());
        assertEquals(CommitLimits.STANDARD, SqliteStoreOptions.DEFAULT.limits());
    }

    @Test
    void withersChangeOneField() {
        SqliteStoreOptions o = SqliteStoreOptions.DEFAULT.withDirectory(Path.of("x")).withMaxGroupSize(7)
                .withBusyTimeout(Duration.ofSeconds(1)).withSynchronous(SqliteSynchronous.EXTRA);
        assertEquals(Path.of("x"), o.directory());
        assertEquals(7, o.maxGroupSize());
        assertEquals(Duration.ofSeconds(1), o.busyTimeout());
        assertEquals(SqliteSynchronous.EXTRA, o.synchronous());
        assertEquals(SqliteStoreOptions.DEFAULT.clock(), o.clock());
        assertEquals(Duration.ofMillis(50), o.withMaxGroupTime(Duration.ofMillis(50)).maxGroupTime());
        assertEquals(Duration.ofMillis(200), o.maxGroupTime());
    }

    @Test
    void oneFilePerContext() {
        assertEquals(Path.of("data", "ordering.db"),
                SqliteStoreOptions.DEFAULT.withDirectory(Path.of("data")).fileFor(ContextName.of("ordering")));
    }

    @Test
    void badValuesAreRefusedNamingTheField() {
        assertEquals("directory", assertThrows(ValidationException.class,
                () -> SqliteStoreOptions.DEFAULT.withDirectory(null)).field());
        assertEquals("maxGroupSize", assertThrows(ValidationException.class,
                () -> SqliteStoreOptions.DEFAULT.withMaxGroupSize(0)).field());
        assertEquals("busyTimeout", assertThrows(ValidationException.class,
                () -> SqliteStoreOptions.DEFAULT.withBusyTimeout(Duration.ofMillis(-1))).field());
        assertEquals("synchronous", assertThrows(ValidationException.class,
                () -> SqliteStoreOptions.DEFAULT.withSynchronous(null)).field());
        assertEquals("clock", assertThrows(ValidationException.class,
                () -> SqliteStoreOptions.DEFAULT.withClock(null)).field());
        assertEquals("maxGroupTime", assertThrows(ValidationException.class,
                () -> SqliteStoreOptions.DEFAULT.withMaxGroupTime(Duration.ZERO)).field());
        assertEquals("maxGroupTime", assertThrows(ValidationException.class,
                () -> SqliteStoreOptions.DEFAULT.withMaxGroupTime(null)).field());
    }
}
