package io.contextbus.store.sqlite;

/**
 * One unit of work the group-commit writer runs inside its shared transaction, in a savepoint of
 * its own: if it throws, only its own writes are undone and the exception goes to its caller.
 */
@FunctionalInterface
interface WriteJob<R> {
    R run(WriteTx tx) throws Exception;
}
