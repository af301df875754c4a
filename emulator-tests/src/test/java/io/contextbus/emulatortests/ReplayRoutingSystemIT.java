package io.contextbus.emulatortests;

import static io.contextbus.emulatortests.SystemContexts.AUDIT;
import static io.contextbus.emulatortests.SystemContexts.BILLING;
import static io.contextbus.emulatortests.SystemContexts.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import io.contextbus.servicebus.SessionStrategy;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.testkit.Await;
import io.contextbus.testsupport.AppliedLog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 6: a replay reaches only its target's subscription (the {@code replay-target} SQL rule on
 * the real broker), and its MessageId differs from the live one, so duplicate detection does not
 * swallow a replay of a commit that was already sent live. Replays are built with
 * {@link CommitMessages#replay}, the class the replay service sends with.
 */
@DisplayName("System: replays are routed to one subscription only")
@ExtendWith(TargetAvailable.class)
class ReplayRoutingSystemIT {
    @TempDir
    Path dir;
    private SystemContexts system;

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_replay_for_billing_reaches_billing_and_not_audit() {
        system = new SystemContexts(SystemTarget.get(), dir);
        String stream = system.target.stream("routed");
        system.append(List.of(stream), 2);
        AppliedLog log = system.billingLog();
        system.billing(log, b -> b);
        CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
        ServiceBusSenderClient sender = system.sender();

        sender.sendMessage(messages.replay(ORDERS, system.stored(stream, 1), BILLING, "route-1"));
        sender.sendMessage(messages.live(ORDERS, system.stored(stream, 2)));

        Await.until(() -> log.of(stream).contains(2L), SystemContexts.PATIENCE,
                "billing applied commit 2 of " + stream + " (commit 1 only exists as billing's replay)");
        assertEquals(List.of(1L, 2L), log.of(stream), "billing's applies of " + stream);
        List<ServiceBusReceivedMessage> audit = SessionProbe.receiveUntil(system.target, stream,
                m -> SessionProbe.seq(m) == 2);
        assertEquals(List.of(2L), audit.stream().map(SessionProbe::seq).toList(),
                "audit received " + SessionProbe.describe(audit) + ": billing's replay of commit 1 must not reach it");
    }

    @Test
    void a_replay_of_a_commit_already_sent_live_is_not_swallowed_by_duplicate_detection() {
        system = new SystemContexts(SystemTarget.get(), dir);
        String stream = system.target.stream("replayed-after-live");
        system.append(List.of(stream), 2);
        CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
        ServiceBusSenderClient sender = system.sender();
        ServiceBusMessage live = messages.live(ORDERS, system.stored(stream, 1));
        ServiceBusMessage replay = messages.replay(ORDERS, system.stored(stream, 1), AUDIT, "again-1");
        assertNotEquals(live.getMessageId(), replay.getMessageId(), "replay and live MessageIds");

        sender.sendMessage(live);
        sender.sendMessage(replay);
        sender.sendMessage(messages.live(ORDERS, system.stored(stream, 2)));

        List<ServiceBusReceivedMessage> audit = SessionProbe.receiveUntil(system.target, stream,
                m -> SessionProbe.seq(m) == 2);
        assertEquals(List.of(live.getMessageId(), replay.getMessageId(), stream + ":2"),
                audit.stream().map(ServiceBusReceivedMessage::getMessageId).toList(),
                "audit's messages for " + stream + ": the replay missing means duplicate detection swallowed it");
    }
}
