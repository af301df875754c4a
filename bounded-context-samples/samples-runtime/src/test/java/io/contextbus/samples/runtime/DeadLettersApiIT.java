package io.contextbus.samples.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.ServiceBusSessionReceiverClient;
import com.azure.messaging.servicebus.models.DeadLetterOptions;
import com.fasterxml.jackson.databind.JsonNode;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import io.contextbus.samples.common.contracts.ContractJson;
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
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dead-letter REST API of a running sample context ({@code /deadletters}) and its command line
 * ({@link DeadLettersCli}), over the local broker: a commit dead-lettered with
 * {@code MaxDeliveryCountExceeded} (by a receiver, as the broker does for a message that keeps coming
 * back; a failing handler now parks its stream instead) and a body that is not a commit are listed
 * with their reasons, peek shows a body, resubmit
 * after the fix applies the commit once (a second resubmit finds nothing), the non-commit is refused
 * with its reason and then discarded, bad input is named.
 */
@DisplayName("Dead letters over the samples' REST API and the CLI")
class DeadLettersApiIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final String SUBSCRIPTION = "ordering.events/subscriptions/shipping";

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return ContractJson.mapper().readTree(out);
        }
    }

    private static Run cli(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DeadLettersCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Commit commit(String stream, long seq) {
        return new Commit(StreamId.of(stream), seq, seq, UUID.randomUUID(), Instant.now(), Map.of(),
                List.of(EventMessage.of("upstream.Happened", 1, "{}")));
    }

    private static Optional<JsonNode> listed(String url, int expected) {
        try {
            JsonNode all = cli("list", "--url", url, "--source", "ordering").json().path("deadLetters");
            return all.size() == expected ? Optional.of(all) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static long sequenceOf(JsonNode deadLetters, String messageId) {
        for (JsonNode d : deadLetters) {
            if (d.path("messageId").asText().equals(messageId)) {
                return d.path("sequenceNumber").asLong();
            }
        }
        throw new AssertionError("no dead letter " + messageId + " in " + deadLetters);
    }

    @Test
    void list_peek_resubmit_and_discard_dead_letters_through_the_cli() throws Exception {
        try (LocalBus bus = LocalBus.start(ContextBusTopology.builder().context("ordering")
                .context("shipping", ContextBusTopology.consumes("ordering")).build())) {
            Path topology = bus.writeTopology(dir.resolve("topology.json"));
            ServiceSettings settings = ServiceSettings.parse("shipping", new String[0], Map.of(
                    "CONTEXTBUS_DATA_DIR", dir.resolve("data").toString(),
                    "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", bus.connectionString(),
                    "CONTEXTBUS_TOPOLOGY", topology.toString(),
                    "CONTEXTBUS_HTTP_PORT", "0"));
            try (ContextService<Connection> service = ContextService.onSqlite(settings);
                 ServiceBusSenderClient sender = new ServiceBusClientBuilder().connectionString(bus.connectionString())
                         .sender().topicName(ORDERING.topicName()).buildClient()) {
                service.consume("ordering", Handlers.<Connection>builder().on("upstream.Happened",
                        (e, ctx) -> HandlerResult.HANDLED).decorate(service.appliedLog()).build());
                CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
                ServiceBusMessage template = messages.live(ORDERING, commit("garbled", 1));
                ServiceBusMessage garbled = new ServiceBusMessage("{not json".getBytes(StandardCharsets.UTF_8))
                        .setMessageId(template.getMessageId()).setSessionId(template.getSessionId());
                garbled.getApplicationProperties().putAll(template.getApplicationProperties());
                sender.sendMessage(garbled);
                for (String stream : List.of("order-7", "order-9")) {
                    for (long seq = 1; seq <= 2; seq++) {
                        sender.sendMessage(messages.live(ORDERING, commit(stream, seq)));
                    }
                }
                Await.until(() -> bus.broker().counts(SUBSCRIPTION).activeMessages() == 5, PATIENCE, "5 messages waiting");
                try (ServiceBusSessionReceiverClient sessions = new ServiceBusClientBuilder()
                        .connectionString(bus.connectionString()).sessionReceiver().topicName(ORDERING.topicName())
                        .subscriptionName("shipping").buildClient();
                     ServiceBusReceiverClient receiver = sessions.acceptSession("order-7")) {
                    ServiceBusReceivedMessage first = receiver.receiveMessages(1, PATIENCE).stream().findFirst()
                            .orElseThrow(() -> new AssertionError("order-7:1 not received"));
                    receiver.deadLetter(first, new DeadLetterOptions().setDeadLetterReason("MaxDeliveryCountExceeded")
                            .setDeadLetterErrorDescription("delivered 10 times, never settled"));
                }
                service.start();
                String url = "http://127.0.0.1:" + service.http().port();

                JsonNode listed = Await.value(() -> listed(url, 2), PATIENCE, "order-7:1 and the garbled body listed");
                Await.until(() -> service.appliedLog().applied() == 2, PATIENCE, "order-9 applied");
                long poisoned = sequenceOf(listed, "order-7:1");
                long bad = sequenceOf(listed, "garbled:1");
                Run peek = cli("peek", "--url", url, "--source", "ordering", "--seq", String.valueOf(bad));
                Run refused = cli("resubmit", "--url", url, "--source", "ordering", "--seq", String.valueOf(bad));
                Run resubmit = cli("resubmit", "--url", url, "--source", "ordering", "--stream", "order-7");
                Await.until(() -> service.appliedLog().applied() == 4, PATIENCE, "order-7 applied after the resubmit");
                Run again = cli("resubmit", "--url", url, "--source", "ordering", "--seq", String.valueOf(poisoned));
                Run discard = cli("discard", "--url", url, "--source", "ordering", "--seq", String.valueOf(bad),
                        "--by", "alice", "--why", "a test sent it");
                Run after = cli("list", "--url", url, "--source", "ordering");
                Run missing = cli("list", "--url", url);
                Run badSeq = cli("peek", "--url", url, "--source", "ordering", "--seq", "two");
                Run unknownSource = cli("list", "--url", url, "--source", "billing");
                Run noTarget = cli("resubmit", "--url", url, "--source", "ordering");

                String order7 = listed.toString();
                assertTrue(order7.contains("\"reason\":\"MaxDeliveryCountExceeded\"")
                        && order7.contains("\"reason\":\"UndecodableBody\""), order7);
                JsonNode carried = listed.get(listed.get(0).path("messageId").asText().equals("order-7:1") ? 0 : 1)
                        .path("commit");
                assertEquals("order-7", carried.path("streamId").asText(), order7);
                assertEquals(1, carried.path("commitSequence").asLong(), order7);
                assertEquals(0, peek.exit(), peek.err());
                assertEquals("{not json", peek.json().path("body").asText());
                assertEquals(1, refused.exit());
                assertTrue(refused.err().contains("\"reason\":\"UndecodableBody\""), refused.err());
                assertEquals(0, resubmit.exit(), resubmit.err());
                assertEquals(poisoned, resubmit.json().path("resubmitted").get(0).path("sequenceNumber").asLong());
                assertEquals(1, again.exit(), "already resubmitted: " + again.err());
                assertEquals(0, discard.exit(), discard.err());
                assertTrue(after.out().contains("\"deadLetters\":[]"), after.out());
                Await.until(() -> bus.broker().counts(SUBSCRIPTION).activeMessages() == 0,
                        PATIENCE, "the subscription drained");
                assertEquals(4, service.appliedLog().applied(), "every commit applied once");
                assertEquals(2, missing.exit());
                assertTrue(missing.err().contains("'--source' is missing"), missing.err());
                assertEquals(1, badSeq.exit());
                assertTrue(badSeq.err().contains("sequenceNumber"), badSeq.err());
                assertEquals(1, unknownSource.exit());
                assertTrue(unknownSource.err().contains("\"field\":\"source\""), unknownSource.err());
                assertEquals(2, noTarget.exit());
            }
        }
    }
}
