package io.contextbus.samples.inventory.domain;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map whose {@link #plus} and {@link #minus} return a new map sharing all but one
 * path with this one (a hash trie, 16 slots per level, keys by their {@code hashCode}): a change
 * costs O(log n), not a copy of every entry. {@link Product} keeps a product's open and settled
 * reservations in it, which grow with the run. The mutators of {@link Map} throw, as every
 * immutable map's do; equality and hash code are {@link Map}'s.
 */
final class SharedMap<K, V> extends AbstractMap<K, V> {
    private static final int BITS = 4;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;
    private static final int LEVELS = (Integer.SIZE + BITS - 1) / BITS;

    private static final SharedMap<?, ?> EMPTY = new SharedMap<>(new Object[WIDTH], 0);

    /** A trie node: {@code Object[WIDTH]} whose slots hold null, a {@link Leaf}, or a child node. */
    private final Object[] root;
    private final int size;
    private Set<Entry<K, V>> entries;

    private SharedMap(Object[] root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <K, V> SharedMap<K, V> empty() {
        return (SharedMap<K, V>) EMPTY;
    }

    /** {@code map} itself if it is a shared map, else a shared map of its entries. */
    @SuppressWarnings("unchecked")
    static <K, V> SharedMap<K, V> of(Map<? extends K, ? extends V> map) {
        if (map instanceof SharedMap<?, ?> shared) {
            return (SharedMap<K, V>) shared;
        }
        SharedMap<K, V> out = empty();
        for (Entry<? extends K, ? extends V> e : map.entrySet()) {
            out = out.plus(e.getKey(), e.getValue());
        }
        return out;
    }

    /** A leaf: one key and its value, or (at the last level, where hashes are used up) several keys of one hash. */
    private record Leaf(int hash, Object[] keys, Object[] values) {
        int indexOf(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static int slot(int hash, int level) {
        return (hash >>> (level * BITS)) & MASK;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return find(key) != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        Leaf leaf = find(key);
        return leaf == null ? null : (V) leaf.values[leaf.indexOf(key)];
    }

    private Leaf find(Object key) {
        if (key == null) {
            return null;
        }
        int hash = key.hashCode();
        Object[] node = root;
        for (int level = 0; ; level++) {
            Object at = node[slot(hash, level)];
            if (at instanceof Object[] child) {
                node = child;
            } else if (at instanceof Leaf leaf) {
                return leaf.hash == hash && leaf.indexOf(key) >= 0 ? leaf : null;
            } else {
                return null;
            }
        }
    }

    /** This map with {@code key} mapped to {@code value} (neither may be null). */
    SharedMap<K, V> plus(K key, V value) {
        if (key == null || value == null) {
            throw new IllegalArgumentException("'" + (key == null ? "key" : "value") + "' cannot be null.");
        }
        boolean[] added = new boolean[1];
        Object[] next = plus(root, 0, key.hashCode(), key, value, added);
        return new SharedMap<>(next, added[0] ? size + 1 : size);
    }

    private static Object[] plus(Object[] node, int level, int hash, Object key, Object value, boolean[] added) {
        int i = slot(hash, level);
        Object at = node[i];
        Object replacement;
        if (at == null) {
            added[0] = true;
            replacement = new Leaf(hash, new Object[] {key}, new Object[] {value});
        } else if (at instanceof Object[] child) {
            replacement = plus(child, level + 1, hash, key, value, added);
        } else {
            Leaf leaf = (Leaf) at;
            if (leaf.hash == hash) {
                int k = leaf.indexOf(key);
                if (k >= 0) {
                    Object[] values = leaf.values.clone();
                    values[k] = value;
                    replacement = new Leaf(hash, leaf.keys, values);
                } else {
                    added[0] = true;
                    replacement = new Leaf(hash, append(leaf.keys, key), append(leaf.values, value));
                }
            } else {
                // Two hashes in one slot: push the old leaf one level down (hashes differ, so they part at some level).
                Object[] child = new Object[WIDTH];
                child[slot(leaf.hash, level + 1)] = leaf;
                replacement = plus(child, level + 1, hash, key, value, added);
            }
        }
        Object[] copy = node.clone();
        copy[i] = replacement;
        return copy;
    }

    /** This map without {@code key}; this map itself if it has no such key. */
    SharedMap<K, V> minus(Object key) {
        if (find(key) == null) {
            return this;
        }
        return new SharedMap<>(minus(root, 0, key.hashCode(), key), size - 1);
    }

    private static Object[] minus(Object[] node, int level, int hash, Object key) {
        int i = slot(hash, level);
        Object at = node[i];
        Object replacement;
        if (at instanceof Object[] child) {
            Object[] next = minus(child, level + 1, hash, key);
            replacement = isEmpty(next) ? null : next;
        } else {
            Leaf leaf = (Leaf) at;
            int k = leaf.indexOf(key);
            replacement = leaf.keys.length == 1 ? null
                    : new Leaf(hash, remove(leaf.keys, k), remove(leaf.values, k));
        }
        Object[] copy = node.clone();
        copy[i] = replacement;
        return copy;
    }

    private static boolean isEmpty(Object[] node) {
        for (Object o : node) {
            if (o != null) {
                return false;
            }
        }
        return true;
    }

    private static Object[] append(Object[] a, Object x) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = x;
        return out;
    }

    private static Object[] remove(Object[] a, int k) {
        Object[] out = new Object[a.length - 1];
        System.arraycopy(a, 0, out, 0, k);
        System.arraycopy(a, k + 1, out, k, a.length - k - 1);
        return out;
    }

    @Override
    public Set<Entry<K, V>> entrySet() {
        if (entries == null) {
            entries = new AbstractSet<>() {
                @Override
                public Iterator<Entry<K, V>> iterator() {
                    return new Entries();
                }

                @Override
                public int size() {
                    return size;
                }
            };
        }
        return entries;
    }

    /** Walks the trie depth first. */
    private final class Entries implements Iterator<Entry<K, V>> {
        private final Deque<Object[]> nodes = new ArrayDeque<>(LEVELS);
        private final Deque<Integer> positions = new ArrayDeque<>(LEVELS);
        private Leaf leaf;
        private int inLeaf;

        Entries() {
            nodes.push(root);
            positions.push(0);
            advance();
        }

        private void advance() {
            if (leaf != null && inLeaf < leaf.keys.length) {
                return;
            }
            leaf = null;
            while (!nodes.isEmpty()) {
                Object[] node = nodes.peek();
                int i = positions.pop();
                if (i == WIDTH) {
                    nodes.pop();
                    continue;
                }
                positions.push(i + 1);
                Object at = node[i];
                if (at instanceof Object[] child) {
                    nodes.push(child);
                    positions.push(0);
                } else if (at instanceof Leaf l) {
                    leaf = l;
                    inLeaf = 0;
                    return;
                }
            }
        }

        @Override
        public boolean hasNext() {
            return leaf != null;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Entry<K, V> next() {
            if (leaf == null) {
                throw new NoSuchElementException();
            }
            Entry<K, V> e = new SimpleImmutableEntry<>((K) leaf.keys[inLeaf], (V) leaf.values[inLeaf]);
            inLeaf++;
            advance();
            return e;
        }
    }
}
