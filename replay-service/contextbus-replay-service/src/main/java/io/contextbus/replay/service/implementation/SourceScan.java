package io.contextbus.replay.service.implementation;

import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.store.EventStore;
import java.util.List;
import java.util.Optional;

/**
 * Reads the commits a replay may resend from one source store, page by page, each page ending at a
 * cursor from which reading resumes after a restart. A replay of named streams reads just those
 * streams ({@code readStream}, from {@code fromCommitSequence}); any other reads the store in store
 * order ({@code readAll}) from the position of {@code since}. Either way commits of one stream come
 * in commitSequence order. Callers still filter with {@link ReplayRequest#selects}.
 */
final class SourceScan {
    private static final String STREAM_CURSOR = "s:";

    private final EventStore store;
    private final ReplayRequest request;
    private final int pageSize;

    SourceScan(EventStore store, ReplayRequest request, int pageSize) {
        this.store = store;
        this.request = request;
        this.pageSize = pageSize;
    }

    /** One page and the cursor after it; {@code end} when nothing follows. */
    record Page(List<Commit> commits, String cursor, boolean end) {
    }

    /** The page after {@code cursor} (empty = start). */
    Page next(Optional<String> cursor) {
        return request.streams().isEmpty() ? nextInStore(cursor) : nextInStreams(cursor);
    }

    private Page nextInStore(Optional<String> cursor) {
        Position after = cursor.map(Position::new)
                .orElseGet(() -> request.since().map(store::positionAt).orElse(Position.BEGINNING));
        CommitPage page = store.readAll(after, pageSize);
        return new Page(page.commits(), page.next().token(), page.isEmpty());
    }

    // Cursor "s:<stream index>:<next sequence>": streams are read one after the other.
    private Page nextInStreams(Optional<String> cursor) {
        int index = 0;
        long from = request.fromCommitSequence();
        if (cursor.isPresent()) {
            String[] parts = cursor.get().substring(STREAM_CURSOR.length()).split(":");
            index = Integer.parseInt(parts[0]);
            from = Long.parseLong(parts[1]);
        }
        List<StreamId> streams = request.streams();
        while (index < streams.size()) {
            List<Commit> commits = store.readStream(streams.get(index), from, from + pageSize - 1);
            if (commits.size() == pageSize) {
                return new Page(commits, STREAM_CURSOR + index + ":" + (from + pageSize), false);
            }
            index++;
            from = request.fromCommitSequence();
            if (!commits.isEmpty()) {
                return new Page(commits, STREAM_CURSOR + index + ":" + from, false);
            }
        }
        return new Page(List.of(), STREAM_CURSOR + index + ":" + from, true);
    }
}
