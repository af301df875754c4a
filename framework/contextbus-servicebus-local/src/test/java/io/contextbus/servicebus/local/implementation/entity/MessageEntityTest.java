package io.contextbus.servicebus.local.implementation.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.contextbus.servicebus.local.implementation.codec.MessageContent;
import io.contextbus.servicebus.local.implementation.codec.MessageParser;

class MessageEntityTest {

    private final ManualRuntime runtime = new ManualRuntime();
    private long sequence = 1;

    private static final EntitySettings QUEUE = new EntitySettings(false, false, Duration.ofSeconds(20), 3,
            Duration.ofSeconds(5), Duration.ofHours(1), true, 256 * 1024);

    static MessageContent content(String id, String session) {
        Message message = Proton.message();
        message.setMessageId(id);
        message.setGroupId(session);
        message.setBody(new AmqpValue(id));
        byte[] buffer = new byte[4096];
        int length = message.encode(buffer, 0, buffer.length);
        return MessageParser.parse(buffer, 0, length);
    }

    private void enqueue(MessageEntity entity, String id, String session) {
        entity.enqueue(content(id, session), sequence++);
    }

    @Nested
    @DisplayName("without sessions")
    class Plain {
        private final MessageEntity entity = new MessageEntity("q", QUEUE, true, runtime);

        @Test
        @DisplayName("abandoned max-delivery-count times, a message moves to the dead-letter queue")
        void abandonToDeadLetter() {
            // given
            RecordingSink sink = new RecordingSink(10, false);
            entity.addConsumer(sink);
            enqueue(entity, "m1", null);

            // when
            for (int i = 0; i < 3; i++) {
                assertEquals(SettleResult.OK, entity.settle(sink.lastToken(), Settlement.ABANDON, Map.of()));
            }

            // then
            assertEquals(3, sink.delivered.size());
            assertEquals(0, entity.activeCount());
            assertEquals(1, entity.deadLetterCount());
        }

        @Test
        @DisplayName("an expired lock returns the message with its delivery count raised; the old token is lost")
        void lockExpiry() {
            // given
            RecordingSink sink = new RecordingSink(10, false);
            entity.addConsumer(sink);
            enqueue(entity, "m1", null);
            var firstToken = sink.lastToken();

            // when
            runtime.advance(5_001);

            // then
            assertEquals(2, sink.delivered.size());
            assertEquals(1, sink.delivered.get(1).deliveryCount());
            assertEquals(SettleResult.MESSAGE_LOCK_LOST, entity.settle(firstToken, Settlement.COMPLETE, Map.of()));
            assertEquals(SettleResult.OK, entity.settle(sink.lastToken(), Settlement.COMPLETE, Map.of()));
            assertEquals(0, entity.activeCount());
        }

        @Test
        @DisplayName("a renewed lock does not expire at the first deadline")
        void renewal() {
            RecordingSink sink = new RecordingSink(10, false);
            entity.addConsumer(sink);
            enqueue(entity, "m1", null);
            runtime.advance(4_000);
            assertTrue(entity.renewLock(sink.lastToken()) > runtime.now());
            runtime.advance(2_000);
            assertEquals(1, sink.delivered.size());
        }

        @Test
        @DisplayName("credit limits deliveries; receive-and-delete removes on delivery")
        void credit() {
            RecordingSink sink = new RecordingSink(2, true);
            entity.addConsumer(sink);
            enqueue(entity, "a", null);
            enqueue(entity, "b", null);
            enqueue(entity, "c", null);
            assertEquals(2, sink.delivered.size());
            assertEquals(1, entity.activeCount());
            sink.credit = 5;
            entity.pump(sink, null);
            assertEquals(3, sink.delivered.size());
            assertEquals(0, entity.activeCount());
        }

        @Test
        @DisplayName("a deferred message is kept and received again by sequence number")
        void defer() {
            RecordingSink sink = new RecordingSink(10, false);
            entity.addConsumer(sink);
            enqueue(entity, "m1", null);
            long seq = sink.delivered.get(0).sequenceNumber();
            entity.settle(sink.lastToken(), Settlement.DEFER, Map.of());
            assertEquals(1, entity.deferredCount());
            var received = entity.receiveDeferred(List.of(seq), false);
            assertEquals(1, received.size());
            assertEquals(SettleResult.OK, entity.settle(received.get(0).getValue(), Settlement.COMPLETE, Map.of()));
            assertEquals(0, entity.deferredCount());
        }

        @Test
        @DisplayName("a closed link's locks are released and counted as failed attempts")
        void consumerGone() {
            RecordingSink first = new RecordingSink(10, false);
            entity.addConsumer(first);
            enqueue(entity, "m1", null);
            entity.removeConsumer(first);
            RecordingSink second = new RecordingSink(10, false);
            entity.addConsumer(second);
            entity.pump(second, null);
            assertEquals(1, second.delivered.size());
            assertEquals(1, second.delivered.get(0).deliveryCount());
        }
    }

    @Nested
    @DisplayName("with sessions")
    class WithSessions {
        private final MessageEntity entity = new MessageEntity("s", QUEUE.withRequiresSession(true), true, runtime);

        @Test
        @DisplayName("a waiting accept-next gets the first session that receives a message, in FIFO order")
        void nextSession() {
            RecordingSink sink = new RecordingSink(10, false);
            sink.entity = entity;
            entity.acceptSession(null, sink, 60_000);
            assertNull(sink.session);
            enqueue(entity, "a1", "A");
            enqueue(entity, "a2", "A");
            assertNotNull(sink.session);
            assertEquals("A", sink.session.id());
            assertEquals(List.of("a1", "a2"), sink.delivered.stream().map(m -> m.content().messageId()).toList());
        }

        @Test
        @DisplayName("a locked session is refused to a second receiver")
        void lockedSessionRefused() {
            RecordingSink first = new RecordingSink(10, false);
            entity.acceptSession("A", first, 60_000);
            RecordingSink second = new RecordingSink(10, false);
            entity.acceptSession("A", second, 60_000);
            assertEquals(Sessions.CANNOT_BE_LOCKED, second.refusal);
        }

        @Test
        @DisplayName("accept-next times out when no session is free")
        void timeout() {
            RecordingSink sink = new RecordingSink(10, false);
            entity.acceptSession(null, sink, 1_000);
            runtime.advance(1_001);
            assertTrue(sink.timedOut);
        }

        @Test
        @DisplayName("an expired session lock is lost; its in-flight messages go to the next receiver")
        void sessionLockExpiry() {
            RecordingSink first = new RecordingSink(10, false);
            enqueue(entity, "a1", "A");
            entity.acceptSession(null, first, 60_000);
            entity.pump(first, first.session);
            assertEquals(1, first.delivered.size());
            RecordingSink next = new RecordingSink(10, false);
            next.entity = entity;
            entity.acceptSession(null, next, 60_000);

            runtime.advance(5_001);

            assertNotNull(first.lost);
            assertEquals("A", next.session.id());
            assertEquals(1, next.delivered.size());
            assertEquals(1, next.delivered.get(0).deliveryCount());
            assertEquals(SettleResult.SESSION_LOCK_LOST, entity.settle(first.lastToken(), Settlement.COMPLETE,
                    Map.of()));
        }

        @Test
        @DisplayName("a closed session link leaves its unsettled messages first in line, in order, not counted as failed")
        void sessionLinkClosed() {
            // given: three messages of session A
            for (String id : List.of("a1", "a2", "a3")) {
                enqueue(entity, id, "A");
            }

            // when: more links than the max delivery count take the session, settle nothing and close
            for (int i = 0; i < QUEUE.maxDeliveryCount() + 1; i++) {
                RecordingSink link = new RecordingSink(10, false);
                link.entity = entity;
                entity.acceptSession(null, link, 60_000);
                assertEquals(3, link.delivered.size());
                entity.releaseSession(link.session, link);
            }

            // then: the next link gets all three, in order, as first deliveries; nothing was dead-lettered
            RecordingSink last = new RecordingSink(10, false);
            last.entity = entity;
            entity.acceptSession(null, last, 60_000);
            assertEquals(List.of("a1", "a2", "a3"), last.delivered.stream().map(m -> m.content().messageId()).toList());
            assertEquals(List.of(0, 0, 0), last.delivered.stream().map(EntityMessage::deliveryCount).toList());
            assertEquals(0, entity.deadLetterCount());
        }

        @Test
        @DisplayName("renewing keeps the session; state is kept while the session is held")
        void renewAndState() {
            RecordingSink sink = new RecordingSink(10, false);
            entity.acceptSession("A", sink, 60_000);
            runtime.advance(4_000);
            assertTrue(entity.renewSessionLock("A") > runtime.now());
            runtime.advance(2_000);
            assertNull(sink.lost);
            assertTrue(entity.setSessionState("A", new byte[] {7}));
            assertEquals(7, entity.sessionState("A")[0]);
            assertEquals(-1, entity.renewSessionLock("B"));
        }
    }

    @Test
    @DisplayName("duplicates inside the window are dropped; after it they are accepted")
    void duplicateDetection() {
        DuplicateDetector detector = new DuplicateDetector(20_000);
        assertEquals(false, detector.isDuplicate("x", 0));
        assertEquals(true, detector.isDuplicate("x", 19_999));
        assertEquals(false, detector.isDuplicate("x", 20_000));
        assertEquals(false, detector.isDuplicate(null, 20_001));
    }
}
