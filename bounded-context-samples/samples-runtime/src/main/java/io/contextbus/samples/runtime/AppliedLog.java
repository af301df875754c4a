package io.contextbus.samples.runtime;

import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import java.util.List;

/**
 * Where a context records each commit it applies, written through the inbox transaction by
 * {@link AppliedLogDecorator}: the witness
 * the demo's checker reads to prove "each commit applied once, in order".
 *
 * @param <T> the inbox transaction type
 */
public interface AppliedLog<T> {

    /** Records {@code commit} of {@code source} as applied, through {@code tx}. */
    void record(T tx, ContextName source, Commit commit) throws Exception;

    /** Entries after {@code after}, at most {@code max}: [n, source, stream, seq]. */
    List<List<Object>> read(long after, int max);
}
