package io.contextbus.store.cosmos.implementation;

import com.azure.cosmos.models.CosmosChangeFeedRequestOptions;
import com.azure.cosmos.models.FeedRange;
import com.azure.cosmos.models.FeedResponse;
import com.azure.cosmos.models.SqlParameter;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads a context's commits in store order through the change feed (latest version mode). The
 * position is opaque: empty for the beginning, {@code time:<epoch millis>} for "from this point in
 * time", otherwise the change feed continuation the previous page returned. Per partition (stream)
 * the feed is in write order, and a commit written later always comes after the continuation of an
 * earlier read: no gaps. The container also holds documents that are not commits (inbox, stash,
 * snapshots, the applier's read models); a read goes past any number of them, so an empty page always
 * means the end of the feed, as {@link CommitPage} promises: readers (the dispatcher, a replay) stop there.
 */
public final class ChangeFeedReader {
    private static final String TIME_PREFIX = "time:";

    private final Documents documents;

    public ChangeFeedReader(Documents documents) {
        this.documents = documents;
    }

    /**
     * A position before every commit stamped at or after {@code time}. Stamps are the caller's and
     * need not follow write order, so the start is the write time (_ts, seconds) of the earliest
     * written such commit, a second early; when there is none, the feed's current end, taken before
     * the query so that a commit written meanwhile is not missed.
     */
    public Position positionAt(Instant time) {
        ValidationException.requireNonNull(time, "time");
        Position end = currentEnd();
        List<JsonNode> min = documents.query("SELECT MIN(c._ts) AS firstWritten FROM c WHERE c.kind = 'commit'"
                + " AND c.stampMillis >= @t", null, "readAll", new SqlParameter("@t", time.toEpochMilli()));
        JsonNode firstWritten = min.isEmpty() ? null : min.get(0).get("firstWritten");
        if (firstWritten == null || !firstWritten.isNumber()) {
            return end;
        }
        return new Position(TIME_PREFIX + (firstWritten.asLong() - 1) * 1000);
    }

    private Position currentEnd() {
        CosmosChangeFeedRequestOptions options = CosmosChangeFeedRequestOptions
                .createForProcessingFromNow(FeedRange.forFullRange()).setMaxItemCount(1);
        Iterator<FeedResponse<JsonNode>> pages = documents.container()
                .queryChangeFeed(options, JsonNode.class).iterableByPage().iterator();
        FeedResponse<JsonNode> page = pages.next();
        documents.charge("readAll", page.getRequestCharge());
        return new Position(page.getContinuationToken());
    }

    public CommitPage readAll(Position after, int maxCount) {
        ValidationException.requireNonNull(after, "after");
        ValidationException.require(maxCount >= 1, "maxCount", "must be at least 1 but was " + maxCount + ".");
        List<Commit> commits = new ArrayList<>();
        Position position = after;
        while (commits.isEmpty()) {
            CosmosChangeFeedRequestOptions options = optionsFrom(position).setMaxItemCount(maxCount);
            Iterator<FeedResponse<JsonNode>> pages = documents.container()
                    .queryChangeFeed(options, JsonNode.class).iterableByPage().iterator();
            if (!pages.hasNext()) {
                break;
            }
            FeedResponse<JsonNode> response = pages.next();
            documents.charge("readAll", response.getRequestCharge());
            if (response.getResults().isEmpty()) {
                break;
            }
            for (JsonNode doc : response.getResults()) {
                if (CommitDocuments.isCommit(doc)) {
                    commits.add(CommitDocuments.toCommit(doc));
                }
            }
            position = new Position(response.getContinuationToken());
        }
        return new CommitPage(commits, position);
    }

    private static CosmosChangeFeedRequestOptions optionsFrom(Position position) {
        String token = position.token();
        if (token.isEmpty()) {
            return CosmosChangeFeedRequestOptions.createForProcessingFromBeginning(FeedRange.forFullRange());
        }
        if (token.startsWith(TIME_PREFIX)) {
            long millis;
            try {
                millis = Long.parseLong(token.substring(TIME_PREFIX.length()));
            } catch (NumberFormatException e) {
                throw new ValidationException("position", "'position' is not a position of this store: '" + token + "'.");
            }
            return CosmosChangeFeedRequestOptions.createForProcessingFromPointInTime(
                    Instant.ofEpochMilli(millis), FeedRange.forFullRange());
        }
        try {
            return CosmosChangeFeedRequestOptions.createForProcessingFromContinuation(token);
        } catch (RuntimeException e) {
            throw new ValidationException("position", "'position' is not a position of this store: '" + token + "'.");
        }
    }
}
