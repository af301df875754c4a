package io.contextbus.servicebus;

import static io.contextbus.testkit.TestCommits.commit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpErrorContext;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.servicebus.ServiceBusErrorSource;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusMessage;
import io.contextbus.error.PublishException;
import io.contextbus.error.ValidationException;
import io.contextbus.model.Commit;
import io.contextbus.model.ContextName;
import io.contextbus.model.EventMessage;
import io.contextbus.model.StreamId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServiceBusCommitPublisherTest {
    private static final ContextName ORDERING = ContextName.of("ordering");
    private static final PublisherOptions FAST = PublisherOptions.DEFAULT;

    private final List<ServiceBusCommitPublisher> opened = new ArrayList<>();

    private ServiceBusCommitPublisher publisher(FakeTopicSender sender, PublisherOptions options) {
        ServiceBusCommitPublisher p = new ServiceBusCommitPublisher(sender, ORDERING, options);
        opened.add(p);
        return p;
    }

    @AfterEach
    void close() {
        opened.forEach(ServiceBusCommitPublisher::close);
    }

    private static ServiceBusException busy() {
        return new ServiceBusException(new AmqpException(true, AmqpErrorCondition.SERVER_BUSY_ERROR, "busy",
                new AmqpErrorContext("localhost")), ServiceBusErrorSource.SEND);
    }

    private static List<Commit> interleaved(int streams, int commitsPerStream) {
        List<Commit> commits = new ArrayList<>();
        for (int seq = 1; seq <= commitsPerStream; seq++) {
            for (int s = 0; s < streams; s++) {
                commits.add(commit("order-" + s, seq));
            }
        }
        return commits;
    }

    @Nested
    class Batching {
        @Test
        void packs_as_many_commits_per_send_as_fit() {
            FakeTopicSender sender = new FakeTopicSender(4);
            List<Commit> commits = interleaved(1, 10);

            publisher(sender, FAST.withLanes(1)).publish(ORDERING, commits);

            assertEquals(3, sender.sendCalls.get());
            assertEquals(List.of(4, 4, 2), sender.sent.stream().map(List::size).toList());
            assertEquals(commits.stream().map(c -> c.key()).toList(), sender.sentIds());
        }

        @Test
        void never_reorders_a_stream_across_lanes() {
            FakeTopicSender sender = new FakeTopicSender(7);

            publisher(sender, FAST.withLanes(4)).publish(ORDERING, interleaved(200, 6));

            Map<String, Long> last = new HashMap<>();
            for (List<ServiceBusMessage> batch : sender.sent) {
                for (ServiceBusMessage m : batch) {
                    String stream = (String) m.getApplicationProperties().get("cb_stream");
                    long seq = (Long) m.getApplicationProperties().get("cb_seq");
                    assertEquals(last.getOrDefault(stream, 0L) + 1, seq, "order of " + stream);
                    last.put(stream, seq);
                }
            }
            assertEquals(200, last.size());
            assertTrue(last.values().stream().allMatch(v -> v == 6));
        }

        @Test
        void a_small_page_goes_out_in_one_send_even_with_several_lanes() {
            FakeTopicSender sender = new FakeTopicSender(1000);

            publisher(sender, FAST.withLanes(4)).publish(ORDERING, interleaved(50, 3));

            assertEquals(1, sender.sendCalls.get());
        }

        @Test
        void counts_commits_and_send_calls() {
            FakeTopicSender sender = new FakeTopicSender(100);
            ServiceBusCommitPublisher p = publisher(sender, FAST.withLanes(1));

            p.publish(ORDERING, interleaved(10, 100));

            assertEquals(new PublisherStats(1000, 10), p.stats());
        }

        @Test
        void publishing_nothing_sends_nothing() {
            FakeTopicSender sender = new FakeTopicSender(4);
            publisher(sender, FAST).publish(ORDERING, List.of());
            assertEquals(0, sender.sendCalls.get());
        }

        @Test
        void a_commit_too_large_for_any_batch_fails_for_good() {
            FakeTopicSender sender = new FakeTopicSender(4);
            Commit huge = new Commit(StreamId.of("big"), 1, 1, UUID.randomUUID(), Instant.now(), Map.of(),
                    List.of(EventMessage.of("Big", 1, "\"" + "x".repeat(20_000) + "\"")));

            PublishException e = assertThrows(PublishException.class,
                    () -> publisher(sender, FAST).publish(ORDERING, List.of(huge)));

            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("MESSAGE_SIZE_EXCEEDED"), e.getMessage());
        }

        @Test
        void commits_of_another_context_are_refused() {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> publisher(new FakeTopicSender(4), FAST).publish(ContextName.of("billing"), List.of(commit("a", 1))));
            assertEquals("source", e.field());
        }
    }

    @Nested
    class Failures {
        @Test
        void a_transient_failure_surfaces_as_a_transient_publish_exception_without_a_retry_of_its_own() {
            FakeTopicSender sender = new FakeTopicSender(10);
            sender.failNext(busy());

            PublishException e = assertThrows(PublishException.class,
                    () -> publisher(sender, FAST.withLanes(1)).publish(ORDERING, interleaved(1, 5)));

            assertTrue(e.isTransient());
            assertTrue(e.getMessage().contains("reason=SERVICE_BUSY"), e.getMessage());
            assertEquals(1, sender.sendCalls.get(), "the dispatcher retries, the publisher does not");
        }

        @Test
        void the_same_commits_published_again_after_a_failure_go_through() {
            FakeTopicSender sender = new FakeTopicSender(10);
            ServiceBusCommitPublisher p = publisher(sender, FAST.withLanes(1));
            sender.failNext(busy());
            List<Commit> commits = interleaved(1, 5);
            assertThrows(PublishException.class, () -> p.publish(ORDERING, commits));

            p.publish(ORDERING, commits);

            assertEquals(commits.stream().map(Commit::key).toList(), sender.sentIds());
        }

        @Test
        void a_non_transient_failure_is_reported_as_such() {
            FakeTopicSender sender = new FakeTopicSender(10);
            sender.failNext(new ServiceBusException(new AmqpException(false, AmqpErrorCondition.NOT_FOUND, "no topic",
                    new AmqpErrorContext("localhost")), ServiceBusErrorSource.SEND));

            PublishException e = assertThrows(PublishException.class,
                    () -> publisher(sender, FAST.withLanes(1)).publish(ORDERING, interleaved(1, 5)));

            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("MESSAGING_ENTITY_NOT_FOUND"), e.getMessage());
        }

        @Test
        void a_lane_stops_at_its_first_failed_batch_so_later_commits_never_overtake() {
            FakeTopicSender sender = new FakeTopicSender(2);
            sender.failNext(busy());

            assertThrows(PublishException.class,
                    () -> publisher(sender, FAST.withLanes(1)).publish(ORDERING, interleaved(1, 6)));

            assertEquals(1, sender.sendCalls.get());
            assertTrue(sender.sent.isEmpty());
        }

        @Test
        void other_lanes_still_deliver_and_a_fatal_failure_outranks_a_transient_one_in_the_report() {
            FakeTopicSender sender = new FakeTopicSender(1000);
            sender.failNext(busy(), new IllegalStateException("Cannot send: the sender is closed."));

            PublishException e = assertThrows(PublishException.class,
                    () -> publisher(sender, FAST.withLanes(4)).publish(ORDERING, interleaved(800, 1)));

            assertFalse(e.isTransient(), e.getMessage());
            assertEquals(4, sender.sendCalls.get());
            assertEquals(2, sender.sent.size());
        }
    }
}
