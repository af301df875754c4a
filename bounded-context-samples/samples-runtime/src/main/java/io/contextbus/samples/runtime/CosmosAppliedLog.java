package io.contextbus.samples.runtime;

import com.azure.cosmos.CosmosContainer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The applied log on Cosmos DB: one document {@code applied:<source>:<seq>} per applied commit,
 * created in the inbox's batch (the source stream's partition), so it exists exactly when the
 * commit was applied, and a second apply of the same commit would fail its batch. There is no
 * global apply order across partitions: {@link #read} numbers the entries sorted by source, stream
 * and sequence (the apply order within a stream).
 */
final class CosmosAppliedLog implements AppliedLog<CosmosInboxTransaction> {
    static final String KIND = "sample-applied";
    private final CosmosContainer container;

    CosmosAppliedLog(CosmosContainer container) {
        this.container = container;
    }

    @Override
    public void record(CosmosInboxTransaction tx, ContextName source, Commit commit) {
        ObjectNode doc = tx.newDocument("applied:" + source.value() + ":" + commit.commitSequence(), KIND);
        doc.put("source", source.value());
        doc.put("seq", commit.commitSequence());
        tx.create(doc);
    }

    @Override
    public List<List<Object>> read(long after, int max) {
        List<ObjectNode> docs = new ArrayList<>(SampleDocuments.all(container, KIND));
        docs.sort(Comparator.comparing((ObjectNode d) -> d.path("source").asText())
                .thenComparing(d -> d.path("streamId").asText()).thenComparingLong(d -> d.path("seq").asLong()));
        List<List<Object>> out = new ArrayList<>();
        for (int i = (int) Math.max(after, 0); i < docs.size() && out.size() < max; i++) {
            ObjectNode d = docs.get(i);
            out.add(List.of((long) i + 1, d.path("source").asText(), d.path("streamId").asText(), d.path("seq").asLong()));
        }
        return out;
    }
}
