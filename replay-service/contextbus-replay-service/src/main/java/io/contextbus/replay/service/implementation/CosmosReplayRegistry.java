package io.contextbus.replay.service.implementation;

import com.azure.cosmos.CosmosClient;
import com.azure.cosmos.CosmosContainer;
import com.azure.cosmos.CosmosException;
import com.azure.cosmos.models.CosmosContainerProperties;
import com.azure.cosmos.models.CosmosItemRequestOptions;
import com.azure.cosmos.models.CosmosItemResponse;
import com.azure.cosmos.models.CosmosQueryRequestOptions;
import com.azure.cosmos.models.PartitionKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextbus.error.StoreException;
import io.contextbus.model.ContextName;
import io.contextbus.model.StreamId;
import io.contextbus.replay.ReplayJson;
import io.contextbus.replay.ReplayRequest;
import io.contextbus.replay.ReplayState;
import io.contextbus.replay.StreamHead;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The replay registry in a Cosmos DB container partitioned by {@code /id} ({@code replay-service}
 * on Azure), shared by every instance of the service. One document per replay holds its request,
 * state, per-source plan, counts and cursor, errors and runner lease, so progress and cursor are
 * one write; every change is a read and an ETag-conditioned replace, retried when another
 * instance wrote first. A terminal state is never overwritten. A source's planned stream heads
 * are written before its plan is marked done, in documents of {@value #HEADS_PER_DOCUMENT} heads.
 * Thread-safe.
 */
final class CosmosReplayRegistry implements ReplayRegistry {
    /** The container's name on Azure (Bicep creates it, partition key {@code /id}). */
    static final String CONTAINER = "replay-service";
    static final int HEADS_PER_DOCUMENT = 2_000;
    private static final int CONFLICT_RETRIES = 50;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final CosmosClient client;
    private final CosmosContainer container;
    private final AtomicLong sequence = new AtomicLong();

    private CosmosReplayRegistry(CosmosClient client, CosmosContainer container) {
        this.client = client;
        this.container = container;
    }

    /**
     * The registry in {@code container} of {@code database}; with {@code create} the database and
     * container are created when missing (local use), without it a missing one fails naming it.
     * Closing the registry closes the client.
     */
    static CosmosReplayRegistry open(CosmosClient client, String database, String containerName, boolean create) {
        try {
            if (create) {
                client.createDatabaseIfNotExists(database);
                client.getDatabase(database).createContainerIfNotExists(new CosmosContainerProperties(containerName, "/id"));
            }
            CosmosContainer container = client.getDatabase(database).getContainer(containerName);
            container.read();
            return new CosmosReplayRegistry(client, container);
        } catch (CosmosException e) {
            client.close();
            if (e.getStatusCode() == 404) {
                throw new StoreException("The replay registry's Cosmos DB container '" + containerName + "' of database '"
                        + database + "' does not exist; create it (partition key /id) or give an account key locally.",
                        false, e);
            }
            throw translate("open " + containerName, e);
        }
    }

    @Override
    public void create(String id, ReplayRequest request, Instant now) {
        ObjectNode doc = JSON.objectNode();
        doc.put("id", id);
        doc.put("kind", "replay");
        // Newest first in list(): creation time, then the order of creation in this process.
        doc.put("seq", now.toEpochMilli() * 1_000 + sequence.getAndIncrement() % 1_000);
        doc.put("request", ReplayJson.writeRequest(request));
        doc.put("state", ReplayState.QUEUED.name());
        doc.put("open", true);
        doc.put("createdAt", now.toString());
        doc.putNull("startedAt");
        doc.putNull("finishedAt");
        doc.put("resumes", 0);
        doc.putNull("runner");
        doc.put("leaseUntil", 0L);
        ArrayNode sources = doc.putArray("sources");
        for (ContextName s : request.sources()) {
            ObjectNode source = sources.addObject();
            source.put("source", s.value());
            source.put("planned", 0L);
            source.put("planDone", false);
            source.put("sent", 0L);
            source.putNull("cursor");
            source.put("done", false);
            source.put("headDocuments", 0);
        }
        doc.putArray("errors");
        try {
            container.createItem(doc, new PartitionKey(id), new CosmosItemRequestOptions());
        } catch (CosmosException e) {
            throw translate("create " + id, e);
        }
    }

    @Override
    public boolean transition(String id, ReplayState state, Instant now) {
        return change(id, doc -> {
            if (terminal(doc)) {
                return Optional.of(false);
            }
            doc.put("state", state.name());
            doc.put("open", !state.isTerminal());
            if (state == ReplayState.RUNNING && doc.path("startedAt").isNull()) {
                doc.put("startedAt", now.toString());
            } else if (state.isTerminal()) {
                doc.put("finishedAt", now.toString());
            }
            return Optional.of(true);
        }).orElse(false);
    }

    @Override
    public void resumed(String id) {
        change(id, doc -> {
            doc.put("resumes", doc.path("resumes").asInt() + 1);
            return Optional.of(true);
        });
    }

    @Override
    public void error(String id, Instant at, String message) {
        change(id, doc -> {
            ((ArrayNode) doc.get("errors")).add(at + " " + message);
            return Optional.of(true);
        });
    }

    @Override
    public void savePlan(String id, ContextName source, long planned, Map<StreamId, Long> heads) {
        List<Map.Entry<StreamId, Long>> sorted = new ArrayList<>(heads.entrySet());
        sorted.sort(Map.Entry.comparingByKey(Comparator.comparing(StreamId::value)));
        int documents = 0;
        for (int from = 0; from < sorted.size(); from += HEADS_PER_DOCUMENT) {
            ObjectNode doc = JSON.objectNode();
            String headsId = headsId(id, source, documents++);
            doc.put("id", headsId);
            doc.put("kind", "replay-heads");
            ArrayNode pairs = doc.putArray("heads");
            for (Map.Entry<StreamId, Long> h : sorted.subList(from, Math.min(sorted.size(), from + HEADS_PER_DOCUMENT))) {
                pairs.addArray().add(h.getKey().value()).add(h.getValue());
            }
            try {
                container.upsertItem(doc, new PartitionKey(headsId), new CosmosItemRequestOptions());
            } catch (CosmosException e) {
                throw translate("save heads " + headsId, e);
            }
        }
        int written = documents;
        change(id, doc -> {
            ObjectNode s = source(doc, source);
            s.put("planned", planned);
            s.put("planDone", true);
            s.put("done", planned == 0);
            s.put("headDocuments", written);
            return Optional.of(true);
        });
    }

    @Override
    public boolean saveProgress(String id, ContextName source, String cursor, long sentDelta, boolean done, String runner) {
        boolean[] terminal = {false};
        boolean written = change(id, doc -> {
            if (runner != null && !runner.equals(doc.path("runner").asText(null))) {
                return Optional.of(false);
            }
            terminal[0] = terminal(doc);
            ObjectNode s = source(doc, source);
            s.put("cursor", cursor);
            s.put("sent", s.path("sent").asLong() + sentDelta);
            s.put("done", done);
            return Optional.of(true);
        }).orElse(false);
        return written && !terminal[0];
    }

    @Override
    public boolean claim(String id, String runner, Instant now, Duration ttl) {
        return change(id, doc -> {
            String holder = doc.path("runner").asText(null);
            boolean free = holder == null || holder.equals(runner) || doc.path("leaseUntil").asLong() <= now.toEpochMilli();
            if (terminal(doc) || !free) {
                return Optional.of(false);
            }
            doc.put("runner", runner);
            doc.put("leaseUntil", now.plus(ttl).toEpochMilli());
            return Optional.of(true);
        }).orElse(false);
    }

    @Override
    public boolean renew(String id, String runner, Instant now, Duration ttl) {
        return change(id, doc -> {
            if (terminal(doc) || !runner.equals(doc.path("runner").asText(null))) {
                return Optional.of(false);
            }
            doc.put("leaseUntil", now.plus(ttl).toEpochMilli());
            return Optional.of(true);
        }).orElse(false);
    }

    @Override
    public void release(String id, String runner) {
        change(id, doc -> {
            if (!runner.equals(doc.path("runner").asText(null))) {
                return Optional.of(false);
            }
            doc.putNull("runner");
            doc.put("leaseUntil", 0L);
            return Optional.of(true);
        });
    }

    @Override
    public Map<StreamId, Long> heads(String id, ContextName source) {
        Map<StreamId, Long> heads = new HashMap<>();
        readHeads(id, source).forEach((k, v) -> heads.put(StreamId.of(k), v));
        return heads;
    }

    @Override
    public List<StreamHead> heads(String id, ContextName source, String after, int limit) {
        List<StreamHead> page = new ArrayList<>();
        for (Map.Entry<String, Long> h : readHeads(id, source).tailMap(after, false).entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(new StreamHead(source, StreamId.of(h.getKey()), h.getValue()));
        }
        return page;
    }

    @Override
    public Optional<StoredReplay> find(String id) {
        return read(id).map(r -> stored(r.doc()));
    }

    @Override
    public List<StoredReplay> list(int limit) {
        List<JsonNode> docs = query("SELECT * FROM c WHERE c.kind = 'replay'");
        docs.sort(Comparator.comparingLong((JsonNode d) -> d.path("seq").asLong()).reversed());
        return docs.stream().limit(limit).map(CosmosReplayRegistry::stored).toList();
    }

    @Override
    public List<StoredReplay> unfinished() {
        List<JsonNode> docs = query("SELECT * FROM c WHERE c.kind = 'replay' AND c.open = true");
        docs.sort(Comparator.comparingLong(d -> d.path("seq").asLong()));
        return docs.stream().map(CosmosReplayRegistry::stored).toList();
    }

    @Override
    public void close() {
        client.close();
    }

    private TreeMap<String, Long> readHeads(String id, ContextName source) {
        TreeMap<String, Long> heads = new TreeMap<>();
        Optional<Read> replay = read(id);
        if (replay.isEmpty()) {
            return heads;
        }
        int documents = source((ObjectNode) replay.get().doc(), source).path("headDocuments").asInt();
        for (int i = 0; i < documents; i++) {
            String headsId = headsId(id, source, i);
            JsonNode doc = read(headsId).orElseThrow(() -> new StoreException(
                    "The replay registry lost the stream heads document " + headsId, false, null)).doc();
            for (JsonNode pair : doc.path("heads")) {
                heads.put(pair.get(0).asText(), pair.get(1).asLong());
            }
        }
        return heads;
    }

    private static String headsId(String id, ContextName source, int n) {
        return id + ".heads." + source.value() + "." + n;
    }

    /**
     * Reads the replay, applies {@code change} and replaces it if the ETag is unchanged, again from
     * the read when another writer came first. {@code change} returns empty to write nothing; its
     * value otherwise (a false value writes nothing either). Empty when the replay does not exist.
     */
    private Optional<Boolean> change(String id, Function<ObjectNode, Optional<Boolean>> change) {
        for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
            Optional<Read> read = read(id);
            if (read.isEmpty()) {
                return Optional.empty();
            }
            ObjectNode doc = (ObjectNode) read.get().doc();
            Optional<Boolean> result = change.apply(doc);
            if (result.isEmpty() || !result.get()) {
                return result;
            }
            try {
                container.replaceItem(doc, id, new PartitionKey(id), new CosmosItemRequestOptions().setIfMatchETag(read.get().etag()));
                return result;
            } catch (CosmosException e) {
                if (e.getStatusCode() != 412) {
                    throw translate("replace " + id, e);
                }
            }
        }
        throw new StoreException("The replay registry document " + id + " kept changing under " + CONFLICT_RETRIES
                + " attempts to write it.", true, null);
    }

    private Optional<Read> read(String id) {
        try {
            CosmosItemResponse<JsonNode> r = container.readItem(id, new PartitionKey(id), JsonNode.class);
            return Optional.of(new Read(r.getItem(), r.getETag()));
        } catch (CosmosException e) {
            if (e.getStatusCode() == 404) {
                return Optional.empty();
            }
            throw translate("read " + id, e);
        }
    }

    private List<JsonNode> query(String sql) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            container.queryItems(sql, new CosmosQueryRequestOptions(), JsonNode.class).forEach(docs::add);
            return docs;
        } catch (CosmosException e) {
            throw translate("query", e);
        }
    }

    private static boolean terminal(JsonNode doc) {
        return ReplayState.valueOf(doc.path("state").asText()).isTerminal();
    }

    private static ObjectNode source(JsonNode doc, ContextName source) {
        for (JsonNode s : doc.path("sources")) {
            if (s.path("source").asText().equals(source.value())) {
                return (ObjectNode) s;
            }
        }
        throw new StoreException("Replay " + doc.path("id").asText() + " has no source " + source, false, null);
    }

    private static StoredReplay stored(JsonNode d) {
        List<StoredReplay.Source> sources = new ArrayList<>();
        for (JsonNode s : d.path("sources")) {
            sources.add(new StoredReplay.Source(ContextName.of(s.path("source").asText()), s.path("planned").asLong(),
                    s.path("planDone").asBoolean(), s.path("sent").asLong(), text(s, "cursor"), s.path("done").asBoolean()));
        }
        List<String> errors = new ArrayList<>();
        d.path("errors").forEach(e -> errors.add(e.asText()));
        Optional<String> runner = text(d, "runner");
        return new StoredReplay(d.path("id").asText(), ReplayJson.readRequest(d.path("request").asText()),
                ReplayState.valueOf(d.path("state").asText()), Instant.parse(d.path("createdAt").asText()),
                text(d, "startedAt").map(Instant::parse), text(d, "finishedAt").map(Instant::parse),
                d.path("resumes").asInt(), sources, errors, runner,
                runner.map(r -> Instant.ofEpochMilli(d.path("leaseUntil").asLong())));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static StoreException translate(String operation, CosmosException e) {
        int status = e.getStatusCode();
        boolean transientFailure = status == 429 || status == 503 || status == 408 || status == 410 || status == 449
                || status == 500;
        return new StoreException("Replay registry " + operation + " failed on Cosmos DB: status=" + status + " "
                + e.getShortMessage(), transientFailure, e);
    }

    private record Read(JsonNode doc, String etag) {
    }
}
