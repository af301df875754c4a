package io.contextbus.dispatch;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** Test publisher: records every acknowledged batch; fails on demand, before recording anything. */
final class RecordingPublisher implements CommitPublisher {
    private final List<List<Commit>> batches = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Supplier<RuntimeException> failure;

    void failWith(Supplier<RuntimeException> failure) {
        this.failure = failure;
    }

    void heal() {
        this.failure = null;
    }

    @Override
    public void publish(ContextName source, List<Commit> commits) {
        calls.incrementAndGet();
        Supplier<RuntimeException> f = failure;
        if (f != null) {
            throw f.get();
        }
        synchronized (this) {
            batches.add(List.copyOf(commits));
        }
    }

    int calls() {
        return calls.get();
    }

    synchronized List<List<Commit>> batches() {
        return List.copyOf(batches);
    }

    synchronized List<Commit> published() {
        return batches.stream().flatMap(List::stream).toList();
    }
}
