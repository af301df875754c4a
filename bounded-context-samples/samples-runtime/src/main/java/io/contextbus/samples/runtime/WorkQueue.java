package io.contextbus.samples.runtime;

import io.contextbus.handler.EventContext;

/**
 * Commands a context must run in reaction to a consumed commit, queued through that commit's inbox
 * transaction so they exist exactly when it is applied, then run by workers against the context's
 * own streams and removed. Each runs at least once, in queue order per source stream; its
 * {@link CommandQueue.Queued#commitId()} is stable across reruns. Two implementations:
 * {@link CommandQueue} (a SQLite table) and {@link CosmosWorkQueue} (documents in the inbox batch's
 * partition).
 *
 * @param <T> the inbox transaction type
 */
public interface WorkQueue<T> extends AutoCloseable {

    /** Queues {@code kind}/{@code json} for the context's stream {@code stream}, in {@code source}'s transaction. */
    void enqueue(EventContext<T> source, String stream, String kind, String json) throws Exception;

    void start();

    /** Commands run so far (including those that caused no events). */
    long executed();

    /** Commands dropped because they broke a domain rule or could not be read. */
    long dropped();

    @Override
    void close();
}
