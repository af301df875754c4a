package io.contextbus.servicebus;

import static io.contextbus.testkit.TestCommits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.dispatch.SendInterceptor;
import io.contextbus.error.PublishException;
import io.contextbus.handler.Delivery;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.servicebus.implementation.CommitMessages;
import io.contextbus.servicebus.implementation.InboundMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The trace context on the message (the commit's stored {@code traceparent}, as the Azure SDK writes
 * it), the {@link Delivery} the consumer hands its decorators, and the {@link SendInterceptor} seam.
 */
class TraceContextMessagesTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String SEND_SPAN = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";
    private final CommitMessages messages = new CommitMessages(SessionStrategy.perStream());

    @Nested
    class StoredContext {
        @Test
        void a_live_message_carries_the_stored_traceparent_also_as_diagnostic_id() {
            ServiceBusMessage m = messages.live(ORDERING, commit("order-1", 1,
                    Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=x1")));
            Map<String, Object> p = m.getApplicationProperties();
            assertEquals(TRACEPARENT, p.get("traceparent"));
            assertEquals(TRACEPARENT, p.get("Diagnostic-Id"));
            assertEquals("vendor=x1", p.get("tracestate"));
        }

        @Test
        void a_malformed_stored_traceparent_is_not_put_on_the_message_and_the_message_is_built() {
            ServiceBusMessage m = messages.live(ORDERING, commit("order-1", 1,
                    Map.of("traceparent", "00-nope", "tracestate", "vendor=x1")));
            Map<String, Object> p = m.getApplicationProperties();
            assertFalse(p.containsKey("traceparent"));
            assertFalse(p.containsKey("Diagnostic-Id"));
            assertFalse(p.containsKey("tracestate"), "a tracestate travels only with its traceparent");
            assertEquals("order-1:1", m.getMessageId());
        }

        @Test
        void a_commit_without_one_gets_none() {
            assertFalse(messages.live(ORDERING, commit("order-1", 1)).getApplicationProperties().containsKey("traceparent"));
        }

        @Test
        void a_replay_does_not_carry_the_stored_context_as_its_own() {
            ServiceBusMessage m = messages.replay(ORDERING, commit("order-1", 1, Map.of("traceparent", TRACEPARENT)),
                    ContextName.of("shipping"), "rp-1");
            assertFalse(m.getApplicationProperties().containsKey("traceparent"));
            assertFalse(m.getApplicationProperties().containsKey("Diagnostic-Id"));
        }
    }

    @Nested
    class Deliveries {
        private InboundMessage inbound(Map<String, Object> properties) {
            return new InboundMessage("order-1:1", "order-1", "application/json", 0, properties, new byte[0], null);
        }

        @Test
        void a_message_without_a_replay_id_is_live_and_keeps_its_string_properties() {
            Map<String, Object> p = new HashMap<>();
            p.put("traceparent", TRACEPARENT);
            p.put("cb_seq", 1L);
            Delivery d = CommitMessages.delivery(inbound(p));
            assertEquals(Delivery.Kind.LIVE, d.kind());
            assertEquals("order-1:1", d.messageId().orElseThrow());
            assertEquals(Map.of("traceparent", TRACEPARENT), d.properties(), "only string values are kept");
        }

        @Test
        void a_message_with_a_replay_id_is_a_replay() {
            Delivery d = CommitMessages.delivery(inbound(Map.of("cb_replay_id", "rp-1", "cb_replay_target", "shipping")));
            assertEquals(Delivery.Kind.REPLAY, d.kind());
            assertFalse(d.isFirstPass());
        }
    }

    @Nested
    class Interceptor {
        private final List<ServiceBusCommitPublisher> opened = new ArrayList<>();
        private final List<String> heard = new CopyOnWriteArrayList<>();

        @AfterEach
        void close() {
            opened.forEach(ServiceBusCommitPublisher::close);
        }

        private ServiceBusCommitPublisher publisher(FakeTopicSender sender, SendInterceptor interceptor) {
            ServiceBusCommitPublisher p = new ServiceBusCommitPublisher(sender, ORDERING,
                    PublisherOptions.DEFAULT.withLanes(1).withSendInterceptor(interceptor));
            opened.add(p);
            return p;
        }

        private SendInterceptor recording(Map<String, String> properties) {
            return (source, commit, destination, messageId) -> new SendInterceptor.Send() {
                @Override
                public Map<String, String> properties() {
                    return properties;
                }

                @Override
                public void sent() {
                    heard.add("sent " + messageId + " to " + destination);
                }

                @Override
                public void failed(Throwable cause) {
                    heard.add("failed " + messageId);
                }
            };
        }

        @Test
        void its_traceparent_replaces_the_stored_one_and_it_hears_each_acknowledgement() {
            FakeTopicSender sender = new FakeTopicSender(10);
            Commit c = commit("order-1", 1, Map.of("traceparent", TRACEPARENT, "tracestate", "vendor=x1"));

            publisher(sender, recording(Map.of("traceparent", SEND_SPAN, "custom", "v"))).publish(ORDERING, List.of(c));

            Map<String, Object> p = sender.sent.get(0).get(0).getApplicationProperties();
            assertEquals(SEND_SPAN, p.get("traceparent"));
            assertEquals(SEND_SPAN, p.get("Diagnostic-Id"));
            assertFalse(p.containsKey("tracestate"), "the stored tracestate belongs to the stored context");
            assertEquals("v", p.get("custom"));
            assertEquals(List.of("sent order-1:1 to ordering.events"), heard);
        }

        @Test
        void it_cannot_overwrite_the_contract_nor_set_a_malformed_traceparent() {
            FakeTopicSender sender = new FakeTopicSender(10);
            Commit c = commit("order-1", 1, Map.of("traceparent", TRACEPARENT));

            publisher(sender, recording(Map.of("cb_stream", "other", "traceparent", "bad"))).publish(ORDERING, List.of(c));

            Map<String, Object> p = sender.sent.get(0).get(0).getApplicationProperties();
            assertEquals("order-1", p.get("cb_stream"));
            assertEquals(TRACEPARENT, p.get("traceparent"), "the stored context stays");
        }

        @Test
        void an_interceptor_that_throws_never_breaks_a_send() {
            FakeTopicSender sender = new FakeTopicSender(10);
            SendInterceptor throwing = (source, commit, destination, messageId) -> {
                throw new IllegalStateException("tracing broke");
            };

            publisher(sender, throwing).publish(ORDERING, List.of(commit("order-1", 1), commit("order-1", 2)));

            assertEquals(List.of("order-1:1", "order-1:2"), sender.sentIds());
        }

        @Test
        void a_send_whose_callbacks_throw_never_breaks_a_send() {
            FakeTopicSender sender = new FakeTopicSender(10);
            SendInterceptor throwing = (source, commit, destination, messageId) -> new SendInterceptor.Send() {
                @Override
                public void sent() {
                    throw new IllegalStateException("tracing broke");
                }
            };

            publisher(sender, throwing).publish(ORDERING, List.of(commit("order-1", 1)));

            assertEquals(List.of("order-1:1"), sender.sentIds());
        }

        @Test
        void it_hears_the_failure_of_every_message_not_acknowledged() {
            FakeTopicSender sender = new FakeTopicSender(2);
            ServiceBusCommitPublisher p = publisher(sender, recording(Map.of()));
            sender.failNext(new IllegalStateException("down"));
            List<Commit> commits = List.of(commit("order-1", 1), commit("order-1", 2), commit("order-1", 3));

            assertThrows(PublishException.class, () -> p.publish(ORDERING, commits));

            assertEquals(List.of("failed order-1:1", "failed order-1:2", "failed order-1:3"), heard,
                    "the failed batch and the one never sent behind it");
            heard.clear();
            p.publish(ORDERING, commits);
            assertEquals(List.of("sent order-1:1 to ordering.events", "sent order-1:2 to ordering.events",
                    "sent order-1:3 to ordering.events"), heard, "the publish again is seen again");
        }
    }
}
