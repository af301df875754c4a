package io.contextbus.servicebus;

import static io.contextbus.testkit.TestCommits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.handler.GapRepair;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.inbox.Gap;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.implementation.CommitConsumer;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.InboundMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The consumer's log lines say what happened, once, with the cause: what an operator reads when a
 * commit fails, a gap is found or a message is dead-lettered. slf4j-simple writes to
 * {@code System.err} as it is at each call, so the test reads the lines there.
 */
@DisplayName("the consumer's log lines")
class CommitConsumerLogTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final ContextName SHIPPING = ContextName.of("shipping");
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
    private final MemoryInbox inbox = new MemoryInbox();

    private static Handlers<List<String>> failing(String why) {
        return Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> {
            throw new IllegalStateException(why);
        }).build();
    }

    private static Handlers<List<String>> applying() {
        return Handlers.<List<String>>builder().on("OrderPlaced", (e, c) -> HandlerResult.HANDLED).build();
    }

    private InboundMessage delivery(Commit c, long deliveryCount) {
        InboundMessage m = Inbound.of(messages.live(ORDERING, c));
        return new InboundMessage(m.messageId(), m.sessionId(), m.contentType(), deliveryCount, m.properties(),
                m.body(), m.bodyProblem());
    }

    /** The lines the consumer logged while {@code action} ran. */
    private static List<String> logged(Supplier<?> action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.get();
        } finally {
            System.setErr(original);
        }
        return Arrays.stream(captured.toString(StandardCharsets.UTF_8).split("\n"))
                .filter(l -> l.contains(CommitConsumer.class.getName()) || l.contains("CommitConsumer"))
                .toList();
    }

    private static String only(List<String> lines, String containing) {
        List<String> matching = lines.stream().filter(l -> l.contains(containing)).toList();
        assertEquals(1, matching.size(), "one line containing '" + containing + "' in " + lines);
        return matching.get(0);
    }

    @Test
    @DisplayName("a failed handler's line carries the failure's text, not a literal {}")
    void aHandlerFailureNamesItsCause() {
        CommitConsumer<List<String>> c = new CommitConsumer<>(SHIPPING, ORDERING, inbox,
                failing("warehouse database unreachable"), GapRepair.LOG_ONLY);

        List<String> lines = logged(() -> c.processAsync(delivery(commit("order-1", 1, "OrderPlaced"), 0), Runnable::run).join());

        String line = only(lines, "handler failed");
        assertTrue(line.contains("error=\"java.lang.IllegalStateException: warehouse database unreachable\""), line);
        assertFalse(line.contains("{}"), line);
        assertTrue(line.contains("message abandoned for redelivery"), line);
    }

    @Test
    @DisplayName("a commit abandoned on its last delivery is logged as dead-lettered by the broker, not as coming back")
    void theLastDeliverySaysTheBrokerDeadLettersIt() {
        CommitConsumer<List<String>> c = new CommitConsumer<>(SHIPPING, ORDERING, inbox,
                failing("still failing"), GapRepair.LOG_ONLY, OptionalInt.of(10));

        List<String> lines = logged(() -> c.processAsync(delivery(commit("order-1", 1, "OrderPlaced"), 9), Runnable::run).join());

        String line = only(lines, "handler failed");
        assertTrue(line.contains("will be dead-lettered by the broker (max delivery count 10)"), line);
        assertFalse(line.contains("abandoned for redelivery"), line);
    }

    @Test
    @DisplayName("a commit stashed behind one this consumer abandoned is not reported as a gap")
    void aRedeliveryIsNotAGap() {
        List<Gap> asked = new ArrayList<>();
        CommitConsumer<List<String>> failingConsumer = new CommitConsumer<>(SHIPPING, ORDERING, inbox,
                failing("blip"), asked::add, OptionalInt.of(10));

        List<String> lines = logged(() -> {
            failingConsumer.processAsync(delivery(commit("order-1", 1, "OrderPlaced"), 0), Runnable::run).join();
            return failingConsumer.processAsync(delivery(commit("order-1", 2, "OrderPlaced"), 0), Runnable::run).join();
        });

        assertTrue(lines.stream().noneMatch(l -> l.contains("gap found")), lines.toString());
        assertEquals(List.of(), asked, "no replay asked for a commit that comes back by redelivery");
    }

    @Test
    @DisplayName("with no GapRepair configured, a gap is one line that says to replay it by hand")
    void aGapWithoutRepairSaysWhatToDo() {
        CommitConsumer<List<String>> c = new CommitConsumer<>(SHIPPING, ORDERING, inbox, applying(), GapRepair.LOG_ONLY);

        List<String> lines = logged(() -> c.processAsync(delivery(commit("order-1", 3, "OrderPlaced"), 0), Runnable::run).join());

        String line = only(lines, "gap found");
        assertTrue(line.contains("no GapRepair configured: replay it by hand"), line);
        assertTrue(line.contains("missingFrom=1 missingTo=2"), line);
        assertFalse(line.contains("replay requested"), line);
    }

    @Test
    @DisplayName("a parked stream's line names the commit, the attempts and the reason")
    void aParkNamesItsReason() {
        Handlers<List<String>> rejecting = Handlers.<List<String>>builder()
                .on("OrderPlaced", (e, ctx) -> HandlerResult.reject("order for a country we do not ship to")).build();
        CommitConsumer<List<String>> c = new CommitConsumer<>(SHIPPING, ORDERING, inbox, rejecting, GapRepair.LOG_ONLY);

        List<String> lines = logged(() -> c.processAsync(delivery(commit("order-1", 1, "OrderPlaced"), 0), Runnable::run).join());

        String line = only(lines, "stream parked");
        assertTrue(line.contains("order for a country we do not ship to"), line);
        assertTrue(line.contains("commit=ordering/order-1:1"), line);
        assertTrue(line.contains("attempts=1"), line);
    }

    @Test
    @DisplayName("a dead-lettered message's line names the reason and the description")
    void aDeadLetterNamesItsReason() {
        CommitConsumer<List<String>> c = new CommitConsumer<>(SHIPPING, ORDERING, inbox, applying(), GapRepair.LOG_ONLY);
        InboundMessage garbled = Inbound.withBody(messages.live(ORDERING, commit("order-1", 1, "OrderPlaced")),
                "<xml/>".getBytes(StandardCharsets.UTF_8));

        List<String> lines = logged(() -> c.processAsync(garbled, Runnable::run).join());

        String line = only(lines, "message dead-lettered");
        assertTrue(line.contains("reason=" + DeadLetterReason.UNDECODABLE_BODY.value()), line);
        assertTrue(line.contains("'body' is not valid JSON"), line);
    }
}
