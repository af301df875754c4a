package io.contextbus.samples.inventory.domain;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Set;

/** An immutable set over a {@link SharedMap}: {@link #plus} costs O(log n) and shares the rest. */
final class SharedSet<E> extends AbstractSet<E> {
    private static final SharedSet<?> EMPTY = new SharedSet<>(SharedMap.empty());

    private final SharedMap<E, Boolean> map;

    private SharedSet(SharedMap<E, Boolean> map) {
        this.map = map;
    }

    @SuppressWarnings("unchecked")
    static <E> SharedSet<E> empty() {
        return (SharedSet<E>) EMPTY;
    }

    /** {@code set} itself if it is a shared set, else a shared set of its elements. */
    @SuppressWarnings("unchecked")
    static <E> SharedSet<E> of(Set<? extends E> set) {
        if (set instanceof SharedSet<?> shared) {
            return (SharedSet<E>) shared;
        }
        SharedSet<E> out = empty();
        for (E e : set) {
            out = out.plus(e);
        }
        return out;
    }

    /** This set with {@code element} (not null). */
    SharedSet<E> plus(E element) {
        return map.containsKey(element) ? this : new SharedSet<>(map.plus(element, Boolean.TRUE));
    }

    @Override
    public boolean contains(Object o) {
        return map.containsKey(o);
    }

    @Override
    public Iterator<E> iterator() {
        Iterator<java.util.Map.Entry<E, Boolean>> entries = map.entrySet().iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return entries.hasNext();
            }

            @Override
            public E next() {
                return entries.next().getKey();
            }
        };
    }

    @Override
    public int size() {
        return map.size();
    }
}
