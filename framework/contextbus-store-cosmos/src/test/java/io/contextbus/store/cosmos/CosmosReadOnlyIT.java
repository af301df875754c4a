package io.contextbus.store.cosmos;

import static io.contextbus.testkit.TestCommits.attempt;
import static io.contextbus.testkit.TestCommits.newStreamId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import io.contextbus.error.StoreException;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.ContextName;
import io.contextbus.model.Position;
import io.contextbus.model.StreamId;
import io.contextbus.store.Snapshot;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import reactor.core.publisher.Mono;

@DisplayName("Cosmos store opened read-only (CosmosStores.openReadOnly)")
class CosmosReadOnlyIT {
    private static final ContextName ORDERING = ContextName.of("ordering");

    private CosmosStoreOptions options;
    private CosmosStores writable;
    private CosmosEventStore writer;
    private CosmosEventStore reader;

    @BeforeEach
    void open() {
        options = CosmosTestStores.options(CosmosTestStores.newPrefix()).build();
        writable = CosmosStores.connect(options);
        writer = writable.eventStore(ORDERING);
    }

    @AfterEach
    void close() {
        if (reader != null) {
            reader.close();
        }
        writable.close();
    }

    @Nested
    @DisplayName("reads")
    class Reads {
        @Test
        @DisplayName("see what a writable store appended, before and after the open")
        void seeWhatTheWriterAppended() {
            // given two streams written by the context's own (writable) store
            StreamId a = newStreamId("order");
            StreamId b = newStreamId("order");
            List<Commit> before = List.of(writer.append(attempt(a, 1)), writer.append(attempt(b, 1)),
                    writer.append(attempt(a, 2)));
            writer.saveSnapshot(new Snapshot(a, 2, 2, 1, "{\"n\":2}"));

            // when the store is opened read-only
            reader = CosmosStores.openReadOnly(options, ORDERING);

            // then every read answers as the writer's store does
            assertTrue(reader.isReadOnly());
            assertEquals(before, readAll(reader, Position.BEGINNING));
            assertEquals(List.of(before.get(0), before.get(2)), reader.readStream(a, 1));
            assertEquals(List.of(before.get(2)), reader.readStream(a, 2, 2));
            assertEquals(2, reader.lastCommitSequence(a));
            assertEquals(1, reader.lastCommitSequence(b));
            assertEquals(0, reader.lastCommitSequence(newStreamId("order")));
            assertEquals(Optional.of(2L), reader.latestSnapshot(a, 2).map(Snapshot::commitSequence));
            assertEquals(before, readAll(reader, reader.positionAt(Instant.EPOCH)));

            // and a commit the writer appends later is read from where the reader left off
            Position end = reader.positionAt(Instant.now().plusSeconds(3600));
            Commit later = writer.append(attempt(b, 2));
            assertEquals(List.of(later), readAll(reader, end));
            assertEquals(List.of(before.get(1), later), reader.readStream(b, 1));
        }

        @Test
        @DisplayName("work with a TokenCredential instead of a key")
        void withATokenCredential() {
            // given a commit, and a credential that counts the tokens the SDK asks it for
            StreamId s = newStreamId("order");
            Commit c = writer.append(attempt(s, 1));
            AtomicInteger tokens = new AtomicInteger();
            TokenCredential credential = request -> {
                tokens.incrementAndGet();
                return Mono.just(new AccessToken("test-token", OffsetDateTime.now().plusHours(1)));
            };
            CosmosStoreOptions withCredential = options.toBuilder().key(null).credential(credential).build();

            // when the store is opened read-only with it
            reader = CosmosStores.openReadOnly(withCredential, ORDERING);

            // then it reads, and the SDK authenticated with the credential (the stand-in checks no signature)
            assertEquals(List.of(c), reader.readStream(s, 1));
            assertTrue(tokens.get() > 0, "the SDK asked the credential for a token");
        }
    }

    @Nested
    @DisplayName("writes")
    class Writes {
        private StreamId s;
        private Commit first;

        @BeforeEach
        void givenAStreamAndAReadOnlyStore() {
            s = newStreamId("order");
            first = writer.append(attempt(s, 1));
            reader = CosmosStores.openReadOnly(options, ORDERING);
        }

        @Test
        @DisplayName("append is refused, also the idempotent re-append of a stored commit, and nothing is written")
        void appendRefused() {
            assertReadOnly(() -> reader.append(attempt(s, 2)), "Appending to stream");
            assertReadOnly(() -> reader.append(attempt(s, 1, first.commitId())), "Appending to stream");
            assertReadOnly(() -> reader.append(attempt(newStreamId("order"), 1)), "Appending to stream");

            assertEquals(List.of(first), writer.readStream(s, 1), "the writer's store holds only what it wrote");
            assertEquals(1, reader.lastCommitSequence(s));
        }

        @Test
        @DisplayName("appendAsync completes exceptionally with the same refusal, and nothing is written")
        void appendAsyncRefused() {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> reader.appendAsync(attempt(s, 2)).join());

            assertRefusal(assertInstanceOf(StoreException.class, e.getCause()), "Appending to stream");
            assertEquals(1, writer.lastCommitSequence(s));
        }

        @Test
        @DisplayName("saveSnapshot is refused, and no snapshot is written")
        void snapshotRefused() {
            assertReadOnly(() -> reader.saveSnapshot(new Snapshot(s, 1, 1, 1, "{\"n\":1}")), "Saving a snapshot");

            assertEquals(Optional.empty(), writer.latestSnapshot(s, Long.MAX_VALUE));
        }

        @Test
        @DisplayName("a refused write sends no request at all (faults armed on every request are never hit)")
        void refusedBeforeAnyRequest() {
            CosmosTestTarget target = CosmosTestTarget.get();
            assumeTrue(target.isStandIn(), "counting requests needs the stand-in's fault injection");
            target.clearFaults();
            target.injectFaults(503, 1000, "any");
            try {
                assertReadOnly(() -> reader.append(attempt(s, 2)), "Appending to stream");
                assertThrows(CompletionException.class, () -> reader.appendAsync(attempt(s, 2)).join());
                assertReadOnly(() -> reader.saveSnapshot(new Snapshot(s, 1, 1, 1, "{}")), "Saving a snapshot");

                assertEquals(0, target.faultHits(), "requests that reached the stand-in");
            } finally {
                target.clearFaults();
            }
        }

        private void assertReadOnly(Executable write, String operation) {
            assertRefusal(assertThrows(StoreException.class, write), operation);
        }

        private void assertRefusal(StoreException e, String operation) {
            assertFalse(e.isTransient(), "a retry cannot help: " + e.getMessage());
            assertTrue(e.getMessage().startsWith(operation), e.getMessage());
            assertTrue(e.getMessage().contains("read-only"), e.getMessage());
            assertTrue(e.getMessage().contains(options.containerName(ORDERING.value())), e.getMessage());
        }
    }

    @Nested
    @DisplayName("opening what does not exist")
    class Missing {
        @Test
        @DisplayName("a missing container is refused with a message naming it, and is not created")
        void missingContainer() {
            // given the database exists (the writer created it) but not the container of 'billing'
            writer.lastCommitSequence(newStreamId("order"));
            String container = options.containerName("billing");

            // when / then
            StoreException e = assertThrows(StoreException.class,
                    () -> CosmosStores.openReadOnly(options, ContextName.of("billing")));
            assertFalse(e.isTransient(), e.getMessage());
            assertTrue(e.getMessage().contains("container '" + container + "' does not exist in database '"
                    + options.database() + "'"), e.getMessage());
            assertThrows(StoreException.class, () -> CosmosStores.openReadOnly(options, ContextName.of("billing")),
                    "the first open created nothing");
        }

        @Test
        @DisplayName("a missing database is refused with a message naming it, and is not created")
        void missingDatabase() {
            CosmosStoreOptions elsewhere = options.toBuilder().database("missing-" + CosmosTestStores.newPrefix())
                    .build();

            StoreException e = assertThrows(StoreException.class, () -> CosmosStores.openReadOnly(elsewhere, ORDERING));

            assertFalse(e.isTransient(), e.getMessage());
            assertTrue(e.getMessage().contains("database '" + elsewhere.database() + "'"), e.getMessage());
            assertTrue(e.getMessage().contains(elsewhere.containerName(ORDERING.value())), e.getMessage());
            assertThrows(StoreException.class, () -> CosmosStores.openReadOnly(elsewhere, ORDERING),
                    "the first open created nothing");
        }
    }

    private static List<Commit> readAll(CosmosEventStore store, Position from) {
        List<Commit> out = new ArrayList<>();
        Position p = from;
        CommitPage page;
        while (!(page = store.readAll(p, 2)).isEmpty()) {
            out.addAll(page.commits());
            p = page.next();
        }
        return out;
    }
}
