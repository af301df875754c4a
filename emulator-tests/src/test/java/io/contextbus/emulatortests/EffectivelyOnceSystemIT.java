package io.contextbus.emulatortests;

import static io.contextbus.emulatortests.SystemContexts.BILLING;
import static io.contextbus.emulatortests.SystemContexts.ORDERS;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Promise 4: a re-sent live message (same MessageId, inside the PT5M window) is dropped by the
 * broker's duplicate detection, which the {@code audit} subscription shows; a copy with another
 * MessageId (a replay) gets through the broker and is dropped by billing's inbox.
 */
@DisplayName("System: effectively once (broker dedupe, then the inbox)")
@ExtendWith(TargetAvailable.class)
class EffectivelyOnceSystemIT {
    @TempDir
    Path dir;
    private SystemContexts system;

    @AfterEach
    void stop() {
        system.close();
    }

    @Test
    void a_resent_message_is_dropped_by_the_broker_and_a_replayed_copy_by_the_inbox() {
        system = new SystemContexts(SystemTarget.get(), dir);
        String stream = system.target.stream("once");
        system.append(List.of(stream), 2);
        AppliedLog log = system.billingLog();
        system.billing(log, b -> b);
        CommitMessages messages = new CommitMessages(SessionStrategy.perStream());
        ServiceBusSenderClient sender = system.sender();

        sender.sendMessage(messages.live(ORDERS, system.stored(stream, 1)));
        sender.sendMessage(messages.live(ORDERS, system.stored(stream, 1)));
        sender.sendMessage(messages.replay(ORDERS, system.stored(stream, 1), BILLING, "once-1"));
        sender.sendMessage(messages.live(ORDERS, system.stored(stream, 2)));

        Await.until(() -> log.of(stream).contains(2L), SystemContexts.PATIENCE, "billing applied commit 2 of " + stream);
        assertEquals(List.of(1L, 2L), log.of(stream),
                "billing's applies of " + stream + ": commit 1 twice means the inbox let the replayed copy through");
        List<ServiceBusReceivedMessage> audit = SessionProbe.receiveUntil(system.target, stream,
                m -> SessionProbe.seq(m) == 2);
        assertEquals(List.of(1L, 2L), audit.stream().map(SessionProbe::seq).toList(),
                "audit received " + SessionProbe.describe(audit) + ": a second live 1 means broker duplicate "
                        + "detection did not drop the re-send; a replay means the replay rule let billing's replay in");
    }
}
