package io.contextbus.samples.billing.service;

import com.azure.cosmos.CosmosContainer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.handler.CommitContext;
import io.contextbus.store.cosmos.CosmosInboxTransaction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The applied log on Cosmos DB, as the other samples keep it: one document
 * {@code applied:<source>:<seq>} of kind {@code billing-applied} per applied commit, created in the
 * inbox's batch (the source stream's partition), so it exists exactly when the commit was applied.
 * There is no global apply order across partitions: {@link #read} numbers the entries sorted by
 * source, stream and sequence (the apply order within a stream).
 */
final class CosmosAppliedLog extends AppliedLog<CosmosInboxTransaction> {
    static final String KIND = "billing-applied";
    private final CosmosContainer container;

    CosmosAppliedLog(CosmosContainer container) {
        this.container = container;
    }

    @Override
    void record(CommitContext<CosmosInboxTransaction> commit) {
        CosmosInboxTransaction tx = commit.transaction();
        ObjectNode doc = tx.newDocument("applied:" + commit.source().value() + ":" + commit.commit().commitSequence(), KIND);
        doc.put("source", commit.source().value());
        doc.put("seq", commit.commit().commitSequence());
        tx.create(doc);
    }

    @Override
    List<List<Object>> read(long after, int max) {
        List<ObjectNode> docs = new ArrayList<>(CosmosDocuments.query(container, KIND, "", List.of()));
        docs.sort(Comparator.comparing((ObjectNode d) -> d.path("source").asText())
                .thenComparing(d -> d.path("streamId").asText()).thenComparingLong(d -> d.path("seq").asLong()));
        List<List<Object>> out = new ArrayList<>();
        for (int i = (int) Math.max(after, 0); i < docs.size() && out.size() < max; i++) {
            ObjectNode d = docs.get(i);
            out.add(List.of((long) i + 1, d.path("source").asText(), d.path("streamId").asText(), d.path("seq").asLong()));
        }
        return out;
    }

    @Override
    long applied() {
        return CosmosDocuments.query(container, KIND, "", List.of()).size();
    }
}
