package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.LocalBus;
import io.contextbus.topology.ContextBusTopology;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The held-streams REST API of a running sample context ({@code /holds}) and its command line
 * ({@link HoldsCli}), over the local broker: a poison commit parks its stream, {@code list} shows it,
 * {@code retry} after a fix applies it and what waited, {@code skip} is recorded, bad input is
 * named.
 */
@DisplayName("Held streams over the samples' REST API and the CLI")
class HoldsApiIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ContextName ORDERING = ContextName.of("ordering");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HoldsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Commit commit(String stream, long seq) {
        return new Commit(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("upstream.Happened", 1, "{}")));
    }

    @Test
    void list_retry_and_skip_a_parked_stream_through_the_cli() throws Exception {
        try (LocalBus bus = LocalBus.start(ContextBusTopology.builder().context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering")).build())) {
            Path topology = bus.writeTopology(dir.resolve("topology.json"));
            ServiceSettings settings = ServiceSettings.parse("shipping", new String[0], Map.of(
                    "CONTEXTBUS_DATA_DIR", dir.resolve("data").toString(),
                    "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", bus.connectionString(),
                    "CONTEXTBUS_TOPOLOGY", topology.toString(),
                    "CONTEXTBUS_HTTP_PORT", "0"));
            AtomicBoolean fixed = new AtomicBoolean();
            try (ContextService<Connection> service = ContextService.onSqlite(settings);
                 ServiceBusSenderClient sender = new ServiceBusClientBuilder().connectionString(bus.connectionString())
                         .sender().topicName(ORDERING.topicName()).buildClient()) {
                service.consume("ordering", Handlers.<Connection>builder().on("upstream.Happened", (e, ctx) -> {
                    boolean poison = (ctx.streamId().value().equals("order-7") && !fixed.get())
                            || ctx.streamId().value().equals("order-8");
                    return poison && ctx.commitSequence() == 2 ? HandlerResult.reject("quantity is negative")
                            : HandlerResult.HANDLED;
                }).decorate(service.appliedLog()).build());
                service.start();
                String url = "http://127.0.0.1:" + service.http().port();
                CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
                for (String stream : List.of("order-7", "order-8", "order-9")) {
                    for (long seq = 1; seq <= 3; seq++) {
                        sender.sendMessage(messages.live(ORDERING, commit(stream, seq)));
                    }
                }

                Await.until(() -> {
                    try {
                        Run list = cli("list", "--url", url);
                        return list.out().split("\"PARKED\"", -1).length == 3;
                    } catch (Exception e) {
                        return false;
                    }
                }, PATIENCE, "both poisoned streams listed as parked");
                Await.until(() -> service.appliedLog().applied() == 5, PATIENCE, "order-9 and the first commits applied");

                fixed.set(true);
                Run retry = cli("retry", "--url", url, "--source", "ordering", "--stream", "order-7");
                Run skip = cli("skip", "--url", url, "--source", "ordering", "--stream", "order-8", "--seq", "2",
                        "--by", "alice", "--why", "negative quantity, corrected upstream");
                Run after = cli("list", "--url", url);
                Run missing = cli("skip", "--url", url, "--source", "ordering", "--stream", "order-8");
                Run badSeq = cli("skip", "--url", url, "--source", "ordering", "--stream", "order-8", "--seq", "two",
                        "--by", "bob", "--why", "typo");
                Run unknownSource = cli("retry", "--url", url, "--source", "billing", "--stream", "order-8");

                assertEquals(0, retry.exit(), retry.err());
                assertTrue(retry.out().contains("\"result\":\"Applied\"") && retry.out().contains("\"applied\":[2,3]"),
                        retry.out());
                assertEquals(0, skip.exit(), skip.err());
                assertTrue(skip.out().contains("\"applied\":[3]"), skip.out());
                assertTrue(after.out().contains("\"holds\":[]"), after.out());
                assertTrue(after.out().contains("\"by\":\"alice\"") && after.out().contains("corrected upstream"),
                        "the skip is recorded: " + after.out());
                assertEquals(8, service.appliedLog().applied(), "every commit applied once but the skipped one");
                assertEquals(2, missing.exit());
                assertTrue(missing.err().contains("'--seq' is missing"), missing.err());
                assertEquals(1, badSeq.exit());
                assertTrue(badSeq.err().contains("commitSequence"), badSeq.err());
                assertEquals(1, unknownSource.exit());
                assertTrue(unknownSource.err().contains("source"), unknownSource.err());
            }
        }
    }
}
