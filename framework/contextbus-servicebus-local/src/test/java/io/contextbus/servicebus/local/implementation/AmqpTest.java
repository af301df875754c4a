package io.contextbus.servicebus.local.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AmqpTest {

    @Test
    @DisplayName("lock tokens travel in .NET GUID byte order")
    void dotNetGuidOrder() {
        // given
        UUID token = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");

        // when
        byte[] bytes = Amqp.toDotNetBytes(token);

        // then
        byte[] expected = {0x33, 0x22, 0x11, 0x00, 0x55, 0x44, 0x77, 0x66,
                (byte) 0x88, (byte) 0x99, (byte) 0xaa, (byte) 0xbb, (byte) 0xcc, (byte) 0xdd, (byte) 0xee, (byte) 0xff};
        assertEquals(java.util.HexFormat.of().formatHex(expected), java.util.HexFormat.of().formatHex(bytes));
    }

    @Test
    @DisplayName("link addresses may be paths or absolute URIs")
    void entityPaths() {
        assertEquals("orders/subscriptions/a", Amqp.entityPath("amqps://ns.servicebus.windows.net/orders/subscriptions/a"));
        assertEquals("orders", Amqp.entityPath("/orders"));
        assertEquals("$cbs", Amqp.entityPath("$cbs"));
    }

    @Test
    @DisplayName("times become .NET ticks")
    void ticks() {
        assertEquals(621_355_968_000_000_000L, Amqp.toDotNetTicks(0));
        assertEquals(621_355_968_000_010_000L, Amqp.toDotNetTicks(1));
    }
}
