package io.contextbus.replay.service.implementation;

import io.contextbus.error.ContextBusException;
import io.contextbus.error.PublishException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.replay.service.ReplayTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a page of commits over parallel lanes: each stream always goes to the same lane (by hash)
 * and a lane sends its commits one chunk after the other, so many streams travel at once while each
 * stream stays in order. Every chunk first takes its commits' permits from the shared
 * {@link TokenBucket}. A transient failure is retried with backoff; {@link #send} returns only when
 * every commit of the page was acknowledged, and throws otherwise.
 */
final class LaneSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LaneSender.class);

    private final ReplayTransport transport;
    private final TokenBucket bucket;
    private final EngineSettings settings;
    private final ExecutorService lanes;
    private final ExecutorService reader;

    LaneSender(ReplayTransport transport, TokenBucket bucket, EngineSettings settings) {
        this.transport = transport;
        this.bucket = bucket;
        this.settings = settings;
        this.lanes = Executors.newFixedThreadPool(settings.lanes() * settings.maxConcurrentReplays(), Threads.named("replay-lane"));
        this.reader = Executors.newCachedThreadPool(Threads.named("replay-read"));
    }

    /** Starts reading the next page while the current one is sent. */
    <T> Future<T> readAhead(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, reader);
    }

    <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        }
    }

    /** Sends {@code commits} (store order) and returns once all are acknowledged. */
    void send(ContextName source, ContextName target, String replayId, List<Commit> commits) throws InterruptedException {
        if (commits.isEmpty()) {
            return;
        }
        List<List<Commit>> byLane = new ArrayList<>();
        for (int i = 0; i < settings.lanes(); i++) {
            byLane.add(new ArrayList<>());
        }
        for (Commit c : commits) {
            byLane.get(Math.floorMod(c.streamId().value().hashCode(), settings.lanes())).add(c);
        }
        List<Future<?>> running = new ArrayList<>();
        for (List<Commit> lane : byLane) {
            if (!lane.isEmpty()) {
                running.add(lanes.submit(() -> {
                    sendLane(source, target, replayId, lane);
                    return null;
                }));
            }
        }
        for (Future<?> f : running) {
            await(f);
        }
    }

    private void sendLane(ContextName source, ContextName target, String replayId, List<Commit> lane) throws InterruptedException {
        for (int from = 0; from < lane.size(); from += settings.chunkSize()) {
            List<Commit> chunk = lane.subList(from, Math.min(lane.size(), from + settings.chunkSize()));
            bucket.acquire(chunk.size());
            sendWithRetry(source, target, replayId, chunk);
        }
    }

    private void sendWithRetry(ContextName source, ContextName target, String replayId, List<Commit> chunk)
            throws InterruptedException {
        long backoff = settings.retryBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                transport.send(source, target, replayId, chunk);
                return;
            } catch (ContextBusException e) {
                if (!e.isTransient() || attempt > settings.sendRetries()) {
                    throw e;
                }
                LOG.warn("replay send failed, retrying replay={} source={} attempt={} backoffMs={} error=\"{}\"",
                        replayId, source, attempt, backoff, e.toString());
                TimeUnit.MILLISECONDS.sleep(backoff);
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new PublishException("Replay send failed: " + cause, true, cause);
    }

    @Override
    public void close() {
        lanes.shutdownNow();
        reader.shutdownNow();
    }
}
