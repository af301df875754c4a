package io.contextbus.store.cosmos.implementation;

import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.PartitionKey;
import com.azure.cosmos.models.SqlParameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.ValidationException;
import io.contextbus.propagation.DirtyMark;
import io.contextbus.propagation.DirtyMarks;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dirty marks of one propagation in a consumer's container: a document of kind {@code dirty}
 * per (entity, source partition), upserted in the inbox's transactional batch, so it commits with
 * the applier's state; announced once the batch committed. An entity marked from several source
 * streams has a document in each of their partitions: {@link #pending} reports the highest version,
 * {@link #clear} deletes those at or below the pushed version, each only if unchanged since read
 * (ETag), so a newer mark written meanwhile stays. Within one partition a mark replaces the last:
 * versions must grow per entity there (a commitSequence does).
 */
public final class CosmosDirtyMarks implements DirtyMarks<CosmosInboxTransaction> {
    private static final Logger log = LoggerFactory.getLogger(CosmosDirtyMarks.class);
    static final String KIND = "dirty";
    private static final String OPERATION = "dirty-marks";
    private static final String BY_NAME = "SELECT * FROM c WHERE c.kind = 'dirty' AND c.name = @name";

    private final Documents documents;
    private final String name;
    private final List<Consumer<DirtyMark>> listeners = new CopyOnWriteArrayList<>();

    public CosmosDirtyMarks(Documents documents, String name) {
        this.documents = documents;
        this.name = name;
    }

    @Override
    public void mark(CosmosInboxTransaction transaction, String entity, long version) {
        ValidationException.requireNonNull(transaction, "transaction");
        DirtyMark mark = new DirtyMark(entity, version);
        ObjectNode doc = transaction.newDocument(id(mark.entity()), KIND);
        doc.put("name", name);
        doc.put("entity", mark.entity());
        doc.put("version", mark.version());
        transaction.upsert(doc).afterCommit(() -> announce(mark));
    }

    @Override
    public List<DirtyMark> pending() {
        Map<String, Long> highest = new TreeMap<>();
        for (JsonNode doc : documents.query(BY_NAME, null, OPERATION, new SqlParameter("@name", name))) {
            highest.merge(doc.path("entity").asText(), doc.path("version").asLong(), Math::max);
        }
        List<DirtyMark> out = new ArrayList<>();
        highest.forEach((entity, version) -> out.add(new DirtyMark(entity, version)));
        return out;
    }

    @Override
    public boolean clear(DirtyMark pushed) {
        ValidationException.requireNonNull(pushed, "pushed");
        boolean removed = false;
        for (JsonNode doc : documents.query(BY_NAME + " AND c.entity = @entity", null, OPERATION,
                new SqlParameter("@name", name), new SqlParameter("@entity", pushed.entity()))) {
            if (doc.path("version").asLong() > pushed.version()) {
                continue;
            }
            try {
                documents.container().deleteItem(doc.path("id").asText(), new PartitionKey(doc.path("streamId").asText()),
                        new CosmosItemRequestOptions().setIfMatchETag(doc.path("_etag").asText()));
                removed = true;
            } catch (CosmosException e) {
                CosmosErrors.Kind kind = CosmosErrors.kind(e);
                if (kind != CosmosErrors.Kind.NOT_FOUND && kind != CosmosErrors.Kind.CONDITION_FAILED) {
                    throw CosmosErrors.translate(e, OPERATION, null);
                } // gone, or marked again since read: the newer mark stays
            }
        }
        return removed;
    }

    @Override
    public AutoCloseable onMarked(Consumer<DirtyMark> listener) {
        ValidationException.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void announce(DirtyMark mark) {
        for (Consumer<DirtyMark> listener : listeners) {
            try {
                listener.accept(mark);
            } catch (RuntimeException e) {
                log.warn("event=dirty-mark-listener-failed name={} entity={} error=\"{}\"", name, mark.entity(), e.toString());
            }
        }
    }

    /** Cosmos DB ids cannot hold '/', '\\', '?' or '#': the entity is URL-encoded into the id. */
    private String id(String entity) {
        return KIND + ":" + URLEncoder.encode(name, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(entity, StandardCharsets.UTF_8);
    }
}
