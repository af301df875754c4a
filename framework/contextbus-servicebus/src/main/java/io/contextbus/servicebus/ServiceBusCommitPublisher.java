package io.contextbus.servicebus;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.dispatch.CommitPublisher;
import io.contextbus.dispatch.SendInterceptor;
import io.contextbus.error.PublishException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.InterceptedSends;
import io.contextbus.servicebus.implementation.SdkTopicSender;
import io.contextbus.servicebus.implementation.ServiceBusErrors;
import io.contextbus.servicebus.implementation.TopicSender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Publishes a context's commits to its topic {@code <context>.events}, one message per commit
 * ({@link CommitMessages#live}), packed into as few {@link ServiceBusMessageBatch}es as fit.
 * Messages of one session share a lane and a lane sends its batches one after another, so commits of
 * a stream are never reordered. {@link #publish} returns only after Service Bus acknowledged every
 * batch; on any failure it throws a {@link PublishException} and the caller publishes the commits
 * again (duplicate detection drops what did arrive). It does not retry by itself: the core
 * {@code StoreDispatcher} wraps every publish in a retry and a circuit breaker. Thread-safe.
 */
public final class ServiceBusCommitPublisher implements CommitPublisher, AutoCloseable {
    /** Below this many commits per lane, parallel sends cost more calls than they save time. */
    static final int MIN_COMMITS_PER_LANE = 200;

    private final TopicSender sender;
    private final ContextName context;
    private final CommitMessages messages;
    private final PublisherOptions options;
    private final ExecutorService laneThreads;
    private final LongAdder sendCalls = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final InterceptedSends intercepted;

    /**
     * @param sender a sender for {@code context}'s topic; the publisher closes it on {@link #close}
     */
    public ServiceBusCommitPublisher(ServiceBusSenderClient sender, ContextName context, PublisherOptions options) {
        this(new SdkTopicSender(ValidationException.requireNonNull(sender, "sender")), context, options);
    }

    ServiceBusCommitPublisher(TopicSender sender, ContextName context, PublisherOptions options) {
        this.sender = sender;
        this.context = ValidationException.requireNonNull(context, "context");
        this.options = ValidationException.requireNonNull(options, "options");
        this.messages = new CommitMessages(options.sessions());
        this.intercepted = new InterceptedSends(options.sendInterceptor(), context);
        AtomicInteger n = new AtomicInteger();
        this.laneThreads = Executors.newFixedThreadPool(options.lanes(), r -> {
            Thread t = new Thread(r, "contextbus-publish-" + context.value() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void publish(ContextName source, List<Commit> commits) {
        ValidationException.requireNonNull(source, "source");
        ValidationException.requireNonNull(commits, "commits");
        ValidationException.require(source.equals(context), "source",
                "must be this publisher's context '" + context + "' but was '" + source + "'.");
        if (commits.isEmpty()) {
            return;
        }
        List<List<Outgoing>> lanes = toLanes(source, commits);
        List<Future<?>> running = new ArrayList<>(lanes.size());
        for (List<Outgoing> lane : lanes) {
            if (!lane.isEmpty()) {
                running.add(laneThreads.submit(() -> sendInOrder(lane)));
            }
        }
        awaitAll(running);
        published.add(commits.size());
    }

    /** Commits published and acknowledged so far, and the send calls that took. */
    public PublisherStats stats() {
        return new PublisherStats(published.sum(), sendCalls.sum());
    }

    @Override
    public void close() {
        laneThreads.shutdownNow();
        sender.close();
    }

    private List<List<Outgoing>> toLanes(ContextName source, List<Commit> commits) {
        // A lane costs at least one send; a small page goes out in one batch rather than several half-empty ones.
        int laneCount = Math.max(1, Math.min(options.lanes(), commits.size() / MIN_COMMITS_PER_LANE));
        List<List<Outgoing>> lanes = new ArrayList<>(laneCount);
        for (int i = 0; i < laneCount; i++) {
            lanes.add(new ArrayList<>(commits.size() / laneCount + 1));
        }
        for (Commit commit : commits) {
            ServiceBusMessage message = messages.live(source, commit);
            SendInterceptor.Send send = intercepted.beforeSend(commit, message);
            lanes.get(Math.floorMod(message.getSessionId().hashCode(), laneCount)).add(new Outgoing(message, send));
        }
        return lanes;
    }

    /** A commit's message and its interceptor's send, which hears how the message fared. */
    private record Outgoing(ServiceBusMessage message, SendInterceptor.Send send) implements InterceptedSends.Outgoing {
    }

    private void sendInOrder(List<Outgoing> lane) {
        int[] acknowledged = {0}; // how many of the lane's messages Service Bus acknowledged so far
        try {
            sendBatches(lane, acknowledged);
        } catch (RuntimeException e) {
            intercepted.failed(lane.subList(acknowledged[0], lane.size()), e);
            throw e;
        }
    }

    private void sendBatches(List<Outgoing> lane, int[] acknowledged) {
        String topic = context.topicName();
        int next = 0;
        while (next < lane.size()) {
            TopicSender.Batch batch = call("a batch for " + topic, () -> sender.createBatch(options.maxBatchBytes()));
            int first = next;
            while (next < lane.size() && batch.tryAdd(lane.get(next).message())) {
                next++;
            }
            if (next == first) {
                ServiceBusMessage tooBig = lane.get(first).message();
                throw new PublishException("Message " + tooBig.getMessageId() + " does not fit in a batch of "
                        + batch.maxSizeInBytes() + " bytes for " + topic + " (reason=MESSAGE_SIZE_EXCEEDED).",
                        false, null);
            }
            String what = batch.count() + " messages " + lane.get(first).message().getMessageId() + ".."
                    + lane.get(next - 1).message().getMessageId() + " to " + topic;
            call(what, () -> {
                sendCalls.increment();
                sender.send(batch);
                return null;
            });
            intercepted.sent(lane.subList(first, next));
            acknowledged[0] = next;
        }
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            throw ServiceBusErrors.toPublishException(what, e);
        }
    }

    private static void awaitAll(List<Future<?>> running) {
        PublishException failure = null;
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.forEach(r -> r.cancel(true));
                throw new PublishException("Interrupted while waiting for Service Bus to acknowledge sends.", true, e);
            } catch (ExecutionException e) {
                PublishException p = ServiceBusErrors.toPublishException("commits", e.getCause());
                // A fatal failure says more about what to fix than a transient one, so it wins.
                if (failure == null || (failure.isTransient() && !p.isTransient())) {
                    failure = p;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
