package io.contextbus.replay.service.implementation;

import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.replay.SourceHeads;
import io.contextbus.replay.service.SourceStores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers "which streams of source C changed after position P, and what are their heads": one
 * {@code readAll} page of at most {@code limit} commits from P, folded to the last commitSequence per
 * stream. The cost is that of reading the page; a caller that keeps the returned position reads
 * each commit once, not the whole store each time. Read-only, like every read of the service.
 */
final class SourceHeadsReader {
    /** Most commits one page may read. */
    static final int MAX_LIMIT = 10_000;

    private final SourceStores stores;

    SourceHeadsReader(SourceStores stores) {
        this.stores = stores;
    }

    SourceHeads read(ContextName source, Position after, int limit) {
        ValidationException.require(stores.contexts().contains(source), "source",
                "names '" + source + "', which is not a source context with a store.");
        ValidationException.require(limit >= 1 && limit <= MAX_LIMIT, "limit", "must be an integer from 1 to " + MAX_LIMIT + ".");
        CommitPage page = stores.store(source).readAll(after, limit);
        Map<StreamId, SourceHeads.Head> heads = new LinkedHashMap<>();
        for (Commit c : page.commits()) {
            heads.merge(c.streamId(), new SourceHeads.Head(c.streamId(), c.commitSequence(), c.commitStamp()),
                    (a, b) -> b.lastSequence() >= a.lastSequence() ? b : a);
        }
        return new SourceHeads(source, new ArrayList<>(heads.values()), page.next(), page.isEmpty());
    }
}
