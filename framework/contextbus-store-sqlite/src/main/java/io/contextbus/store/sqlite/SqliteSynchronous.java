package io.contextbus.store.sqlite;

/**
 * SQLite's {@code PRAGMA synchronous} in WAL mode: how much a commit waits for the disk.
 *
 * <ul>
 *   <li>{@link #FULL} (the default): the WAL is fsynced at every commit; an acknowledged commit
 *       survives a process crash and a power loss.</li>
 *   <li>{@link #NORMAL}: the WAL is written at commit but fsynced only at checkpoints; an
 *       acknowledged commit survives a process crash, but the last commits may be lost on power
 *       loss or an OS crash. Not durable in the sense of the contract; for development only.</li>
 *   <li>{@link #EXTRA}: as FULL, and also syncs the directory after deleting journals.</li>
 * </ul>
 */
public enum SqliteSynchronous {
    NORMAL, FULL, EXTRA
}
