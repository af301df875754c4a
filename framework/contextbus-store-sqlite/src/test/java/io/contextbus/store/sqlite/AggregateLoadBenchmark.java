package io.contextbus.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contextbus.aggregate.AggregateRepository;
import io.contextbus.aggregate.AggregateState;
import io.contextbus.aggregate.SnapshotCodec;
import io.contextbus.aggregate.StateFold;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitAttempt;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.store.SnapshotPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Prints how long {@link AggregateRepository#load} takes for a stream of 10,000 commits on SQLite,
 * folding every commit (no snapshots) and starting from a snapshot (every 100 commits, written by
 * the repository itself): at the snapshot (10,000 commits) and 50 commits past it (10,050).
 * Figures only, never asserted. Command in the module README; {@code -Dbench.commits=} and
 * {@code -Dbench.rounds=} change the sizes.
 */
public final class AggregateLoadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A small account-like state: the balance, the commits folded, the last ten notes. */
    record Account(long balance, long commits, List<String> lastNotes) {
    }

    static final StateFold<Account> FOLD = new StateFold<>() {
        @Override
        public Account initialState() {
            return new Account(0, 0, List.of());
        }

        @Override
        public Account apply(Account a, Commit c) {
            long balance = a.balance();
            List<String> notes = new ArrayList<>(a.lastNotes());
            for (EventMessage e : c.events()) {
                JsonNode data = read(e.data());
                balance += data.get("amount").asLong();
                notes.add(data.get("note").asText());
            }
            return new Account(balance, a.commits() + 1, List.copyOf(notes.subList(Math.max(0, notes.size() - 10), notes.size())));
        }
    };

    static final SnapshotCodec<Account> CODEC = new SnapshotCodec<>() {
        @Override
        public int schemaVersion() {
            return 1;
        }

        @Override
        public String write(Account state) {
            try {
                return JSON.writeValueAsString(state);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Account read(String json) {
            try {
                return JSON.readValue(json, Account.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private AggregateLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int commits = Integer.getInteger("bench.commits", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 15);
        Path dir = Files.createTempDirectory("contextbus-aggregate-bench");
        System.out.printf("aggregate load benchmark: SQLite, one stream of %,d commits (1 event, ~110 bytes each),"
                + " snapshots every 100, median and best of %d loads after 3 warm-ups, %d cores%n",
                commits, rounds, Runtime.getRuntime().availableProcessors());
        try (SqliteEventStore store = SqliteEventStore.open(SqliteStoreOptions.DEFAULT.withDirectory(dir), ContextName.of("bench"));
             AggregateRepository<Account> plain = AggregateRepository.builder(store, FOLD).build();
             AggregateRepository<Account> snapshotting = AggregateRepository.builder(store, FOLD)
                     .snapshots(store.snapshots(), CODEC, SnapshotPolicy.everyCommits(100)).build()) {
            StreamId atSnapshot = StreamId.of("account-at-snapshot");
            StreamId past = StreamId.of("account-past-snapshot");
            fill(store, snapshotting, atSnapshot, commits);
            fill(store, snapshotting, past, commits + 50);
            snapshotting.close();   // writes the queued snapshots
            System.out.printf("snapshots written %d, failed %d%n", snapshotting.stats().snapshotsWritten(),
                    snapshotting.stats().snapshotsFailed());

            report("no snapshot, " + commits + " commits folded", plain, atSnapshot, rounds);
            report("snapshot at " + commits + ", 0 commits folded", snapshotting, atSnapshot, rounds);
            report("snapshot at " + commits + ", 50 commits folded", snapshotting, past, rounds);
            report("no snapshot, " + (commits + 50) + " commits folded", plain, past, rounds);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The stream's first commits appended in flight (fast), the last 100 through the repository, which snapshots them. */
    private static void fill(SqliteEventStore store, AggregateRepository<Account> repository, StreamId stream, int total)
            throws Exception {
        List<CompletableFuture<Commit>> inFlight = new ArrayList<>();
        int direct = total - 100;
        for (int seq = 1; seq <= direct; seq++) {
            inFlight.add(store.appendAsync(new CommitAttempt(stream, seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                    List.of(event(seq)))));
            if (inFlight.size() == 256) {
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();
                inFlight.clear();
            }
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get();
        AggregateState<Account> s = repository.load(stream);
        for (int seq = direct + 1; seq <= total; seq++) {
            s = repository.save(s, List.of(event(seq)), UUID.randomUUID(), Map.of());
        }
    }

    private static EventMessage event(int seq) {
        return EventMessage.of("bench.Deposited", 1, "{\"amount\":" + (seq % 97) + ",\"note\":\"deposit number " + seq
                + " for the benchmark account\",\"by\":\"bench\"}");
    }

    private static void report(String what, AggregateRepository<Account> repository, StreamId stream, int rounds) {
        Account expected = null;
        for (int i = 0; i < 3; i++) {
            expected = repository.load(stream).state();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            AggregateState<Account> loaded = repository.load(stream);
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (!loaded.state().equals(expected)) {
                throw new IllegalStateException("loads differ: " + loaded.state() + " vs " + expected);
            }
        }
        Arrays.sort(ms);
        System.out.printf("  %-40s median %8.2f ms   best %8.2f ms%n", what, ms[rounds / 2], ms[0]);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
