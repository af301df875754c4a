package io.contextbus.propagation;

import io.contextbus.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Dirty marks in a map, for the propagation's unit tests; the "transaction" is the map itself, and a
 * mark is announced as soon as it is written (there is no commit to wait for).
 */
final class InMemoryDirtyMarks implements DirtyMarks<Object> {
    private final Map<String, Long> marks = new TreeMap<>();
    private final List<Consumer<DirtyMark>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void mark(Object transaction, String entity, long version) {
        DirtyMark mark = new DirtyMark(ValidationException.requireNonNull(entity, "entity"), version);
        marks.merge(entity, version, Math::max);
        listeners.forEach(l -> l.accept(mark));
    }

    @Override
    public synchronized List<DirtyMark> pending() {
        List<DirtyMark> out = new ArrayList<>();
        marks.forEach((e, v) -> out.add(new DirtyMark(e, v)));
        return out;
    }

    @Override
    public synchronized boolean clear(DirtyMark pushed) {
        Long stored = marks.get(pushed.entity());
        if (stored == null || stored > pushed.version()) {
            return false;
        }
        marks.remove(pushed.entity());
        return true;
    }

    @Override
    public AutoCloseable onMarked(Consumer<DirtyMark> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
