package io.contextbus.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityPathTest {

    @Test
    void reads_a_subscription_path() {
        EntityPath path = EntityPath.parse("ordering.events/subscriptions/inventory");
        assertEquals(new EntityPath("ordering.events", Optional.of("inventory"), false), path);
        assertTrue(path.isSubscription());
    }

    @Test
    void reads_dead_letter_queues_of_queues_and_subscriptions() {
        assertEquals(EntityPath.of("jobs").deadLetter(), EntityPath.parse("jobs/$DeadLetterQueue"));
        assertEquals(EntityPath.ofSubscription("a.events", "b").deadLetter(),
                EntityPath.parse("a.events/Subscriptions/b/$deadletterqueue"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jobs", "jobs/$deadletterqueue", "ordering.events/subscriptions/inventory",
            "ordering.events/subscriptions/inventory/$deadletterqueue", "a/b/c"})
    void writes_the_canonical_form_it_reads(String path) {
        assertEquals(path, EntityPath.parse(path).toString());
    }

    @Test
    void topology_helpers_build_paths() {
        assertEquals("ordering.events/subscriptions/inventory", Topology.subscriptionPath("ordering.events", "inventory"));
        assertEquals("ordering.events/subscriptions/inventory/$deadletterqueue",
                Topology.deadLetterPath("ordering.events/subscriptions/inventory"));
    }

    @Test
    void refuses_an_empty_subscription() {
        TopologyException e = assertThrows(TopologyException.class, () -> EntityPath.parse("t/subscriptions/"));
        assertEquals("subscription", e.path());
    }

    @Test
    void a_topology_knows_which_paths_it_declares() {
        Topology sample = Topology.parse(TopologyFiles.sample());
        assertTrue(sample.contains(EntityPath.parse("ordering.events")));
        assertTrue(sample.contains(EntityPath.parse("ORDERING.events/subscriptions/Inventory/$deadletterqueue")));
        assertFalse(sample.contains(EntityPath.parse("ordering.events/subscriptions/ordering")));
        assertFalse(sample.contains(EntityPath.parse("invoicing.events")));
    }
}
