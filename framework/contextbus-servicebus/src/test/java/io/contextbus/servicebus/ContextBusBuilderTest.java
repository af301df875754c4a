package io.contextbus.servicebus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.contextbus.dispatch.DispatchCheckpointStore;
import io.contextbus.dispatch.DispatchingStore;
import io.contextbus.error.ValidationException;
import io.contextbus.handler.HandlerResult;
import io.contextbus.handler.Handlers;
import io.contextbus.model.ContextName;
import io.contextbus.store.EventStore;
import io.contextbus.topology.ContextBusTopology;
import io.contextbus.topology.Topology;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContextBusBuilderTest {
    private static final String LOCAL = "Endpoint=sb://localhost:5672;SharedAccessKeyName=local;SharedAccessKey=local;"
            + "UseDevelopmentEmulator=true";
    private static final Topology TOPOLOGY = ContextBusTopology.builder()
            .context("ordering")
            .context("shipping", ContextBusTopology.consumes("ordering"))
            .build();
    private final MemoryInbox inbox = new MemoryInbox();
    private final Handlers<List<String>> handlers = Handlers.<List<String>>builder().on("OrderPlaced",
            (e, c) -> HandlerResult.HANDLED).build();

    private static EventStore storeOf(String context) {
        return (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                (proxy, method, args) -> method.getName().equals("context") ? ContextName.of(context) : null);
    }

    /** A port the builder only holds on to: any call would be a test failure. */
    private static <P> P unused(Class<P> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new AssertionError("unexpected call " + method.getName());
        }));
    }

    private ContextBusBuilder<List<String>> consumerOnly() {
        return ContextBus.<List<String>>builder().context("shipping").connectionString(LOCAL).topology(TOPOLOGY)
                .inbox(inbox).consume("ordering", handlers);
    }

    private static String fieldOf(Runnable r) {
        return assertThrows(ValidationException.class, r::run).field();
    }

    @Test
    void a_consuming_context_builds_without_connecting() {
        ContextBus bus = consumerOnly().build();
        assertNotNull(bus);
        assertEquals(ContextName.of("shipping"), bus.context());
        bus.close();
    }

    @Test
    void each_missing_setting_is_named() {
        assertEquals("context", fieldOf(() -> ContextBus.builder().connectionString(LOCAL).topology(TOPOLOGY).build()));
        assertEquals("connection", fieldOf(() -> ContextBus.builder().context("shipping").topology(TOPOLOGY).build()));
        assertEquals("topology", fieldOf(() -> ContextBus.builder().context("shipping").connectionString(LOCAL).build()));
        assertEquals("consume", fieldOf(() -> ContextBus.builder().context("shipping").connectionString(LOCAL)
                .topology(TOPOLOGY).build()));
        assertEquals("inbox", fieldOf(() -> ContextBus.<List<String>>builder().context("shipping").connectionString(LOCAL)
                .topology(TOPOLOGY).consume("ordering", handlers).build()));
    }

    @Test
    void bad_values_are_named() {
        assertEquals("context", fieldOf(() -> ContextBus.builder().context("Shipping")));
        assertEquals("connectionString", fieldOf(() -> ContextBus.builder().connectionString(" ")));
        assertEquals("source", fieldOf(() -> consumerOnly().consume("ordering", handlers)));
        assertEquals("source", fieldOf(() -> consumerOnly().consume("shipping", handlers).build()));
    }

    @Test
    void a_store_needs_its_checkpoints_and_must_be_of_the_same_context() {
        assertEquals("checkpoints", fieldOf(() -> consumerOnly().store(storeOf("shipping")).build()));
        assertEquals("store", fieldOf(() -> consumerOnly().store(storeOf("ordering"))
                .checkpoints(unused(DispatchCheckpointStore.class)).build()));
    }

    @Test
    void a_store_with_a_dispatcher_of_its_own_needs_no_checkpoints_but_checkpoints_need_a_store() {
        EventStore dispatching = (EventStore) Proxy.newProxyInstance(EventStore.class.getClassLoader(),
                new Class<?>[] {EventStore.class, DispatchingStore.class},
                (proxy, method, args) -> method.getName().equals("context") ? ContextName.of("shipping") : null);

        ContextBus bus = consumerOnly().store(dispatching).build();
        assertNotNull(bus);
        bus.close();
        assertEquals("store", fieldOf(() -> consumerOnly().checkpoints(unused(DispatchCheckpointStore.class)).build()));
    }

    @Test
    void an_unsafe_topology_is_refused_with_every_problem_listed() {
        Topology noSubscription = ContextBusTopology.builder().context("ordering").context("shipping").build();

        UnsafeTopologyException e = assertThrows(UnsafeTopologyException.class,
                () -> consumerOnly().topology(noSubscription).build());

        assertEquals(1, e.violations().size());
        assertTrue(e.getMessage().contains("no subscription 'shipping' on 'ordering.events'"), e.getMessage());
    }
}
