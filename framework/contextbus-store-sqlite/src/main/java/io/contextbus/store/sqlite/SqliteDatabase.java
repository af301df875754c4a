package io.contextbus.store.sqlite;

import io.contextbus.error.StoreException;
import io.contextbus.model.ContextName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * One context's database file: the group-commit writer (absent when opened read-only) and the
 * pool of read connections. Every SQLException leaving it is translated by {@link SqliteErrors}.
 */
final class SqliteDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);

    /** Page cache of the writer's connection: 32 MiB, allocated only as pages are used. */
    private static final int WRITER_CACHE_KIB = 32 * 1024;

    private final Path file;
    private final SqliteStoreOptions options;
    private final GroupCommitWriter writer;
    private final ReaderPool readers;
    private final WalCheckpointer checkpointer;

    private SqliteDatabase(Path file, SqliteStoreOptions options, GroupCommitWriter writer, WalCheckpointer checkpointer) {
        this.file = file;
        this.options = options;
        this.writer = writer;
        this.checkpointer = checkpointer;
        this.readers = new ReaderPool(() -> connect(file, options, true));
    }

    static SqliteDatabase open(SqliteStoreOptions options, ContextName context) {
        Path file = options.fileFor(context).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StoreException("Cannot create the directory of " + file + ": " + e, false, e);
        }
        Connection writerConnection = connectWriter(file, options);
        GroupCommitWriter writer = new GroupCommitWriter(writerConnection, file, options.maxGroupSize(), options.maxGroupTime());
        SqliteDatabase opened = new SqliteDatabase(file, options, writer,
                new WalCheckpointer(connectOrFail(file, options), file, writer.connectionLock()));
        try {
            opened.write(tx -> {
                SqliteSchema.create(tx.connection(), context, file);
                return null;
            });
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        log.info("event=store-opened context={} file={} synchronous={} maxGroupSize={}",
                context, file, options.synchronous(), options.maxGroupSize());
        return opened;
    }

    static SqliteDatabase openReadOnly(SqliteStoreOptions options, ContextName context) {
        Path file = options.fileFor(context).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new StoreException("No store of context '" + context + "' at " + file + ".", false, null);
        }
        SqliteDatabase db = new SqliteDatabase(file, options, null, null);
        try {
            db.read(c -> {
                SqliteSchema.checkOwner(c, context, file);
                return null;
            });
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        log.info("event=store-opened-read-only context={} file={}", context, file);
        return db;
    }

    Path file() {
        return file;
    }

    SqliteStoreOptions options() {
        return options;
    }

    /** Runs {@code job} in the writer's next group transaction; durable when this returns. */
    <R> R write(WriteJob<R> job) {
        if (writer == null) {
            throw SqliteErrors.readOnly("Writing", file);
        }
        return writer.submit(job, false);
    }

    /** As {@link #write}, for an inbox apply: handler code, which a group runs after the store's own writes. */
    <R> R apply(WriteJob<R> job) {
        if (writer == null) {
            throw SqliteErrors.readOnly("Writing", file);
        }
        return writer.submit(job, true);
    }

    /** As {@link #writeAsync}, for an inbox apply. */
    <R> CompletableFuture<R> applyAsync(WriteJob<R> job) {
        if (writer == null) {
            throw SqliteErrors.readOnly("Writing", file);
        }
        return writer.submitAsync(job, true);
    }

    /** Queues {@code job} for the writer's next group; the future completes once it is durable. */
    <R> CompletableFuture<R> writeAsync(WriteJob<R> job) {
        if (writer == null) {
            throw SqliteErrors.readOnly("Writing", file);
        }
        return writer.submitAsync(job, false);
    }

    /** See {@link SqliteEventStore#onCommit}. */
    AutoCloseable onCommit(Runnable listener) {
        if (writer == null) {
            throw SqliteErrors.readOnly("Listening for commits", file);
        }
        writer.addCommitListener(listener);
        return () -> writer.removeCommitListener(listener);
    }

    /** Runs {@code work} on a read connection. */
    <R> R read(SqlWork<R> work) {
        try {
            return readers.read(work);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "Reading", file);
        }
    }

    GroupCommitWriter.Stats writerStats() {
        return writer == null ? new GroupCommitWriter.Stats(0, 0) : writer.stats();
    }

    /** See {@link SqliteEventStore#longestWriteTransaction}. */
    Duration longestWriteTransaction() {
        return writer == null ? Duration.ZERO : writer.longestTransaction();
    }

    int queuedWrites() {
        return writer == null ? 0 : writer.queued();
    }

    boolean isReadOnly() {
        return writer == null;
    }

    private static Connection connectWriter(Path file, SqliteStoreOptions options) {
        try {
            Connection c = connect(file, options, false);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                // in WAL mode FULL fsyncs the WAL at every commit: acknowledged means on disk
                s.execute("PRAGMA synchronous=" + options.synchronous().name());
                // checkpoints run on the WalCheckpointer's connection, not inside appends
                s.execute("PRAGMA wal_autocheckpoint=0");
                // the indexes an append touches stay in memory (SQLite's default is 2 MiB)
                s.execute("PRAGMA cache_size=-" + WRITER_CACHE_KIB);
            }
            return c;
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "Opening", file);
        }
    }

    private static Connection connectOrFail(Path file, SqliteStoreOptions options) {
        try {
            return connect(file, options, false);
        } catch (SQLException e) {
            throw SqliteErrors.translate(e, "Opening", file);
        }
    }

    private static Connection connect(Path file, SqliteStoreOptions options, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        // nothing here reads generated keys; left on, the driver runs a regex and a
        // "SELECT last_insert_rowid()" after every INSERT
        config.setGetGeneratedKeys(false);
        if (readOnly) {
            config.setReadOnly(true);
            config.setOpenMode(SQLiteOpenMode.READONLY);
        }
        return config.createConnection("jdbc:sqlite:" + file);
    }

    @Override
    public void close() {
        // the writer's connection closes last: SQLite then checkpoints the WAL into the file
        if (checkpointer != null) {
            checkpointer.close();
        }
        readers.close();
        if (writer != null) {
            writer.close();
        }
    }
}
