package io.contextbus.servicebus.local;

import static io.contextbus.servicebus.local.RawAmqp.AMQP_HEADER;
import static io.contextbus.servicebus.local.RawAmqp.SASL_HEADER;
import static io.contextbus.servicebus.local.RawAmqp.concat;
import static io.contextbus.servicebus.local.RawAmqp.frame;
import static io.contextbus.servicebus.local.RawAmqp.frameHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedShort;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.codec.DescribedTypeConstructor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;

/** Clients that send what no AMQP client should: each is closed, and the broker goes on serving. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Misbehaving clients")
class MisbehavingClientIT {

    static final String QUEUE = "resilience";
    static final Symbol FRAMING_ERROR = Symbol.valueOf("amqp:connection:framing-error");
    static final Symbol ILLEGAL_STATE = Symbol.valueOf("amqp:illegal-state");
    static final Symbol UNATTACHED_HANDLE = Symbol.valueOf("amqp:session:unattached-handle");
    static final Symbol RESOURCE_LIMIT_EXCEEDED = Symbol.valueOf("amqp:resource-limit-exceeded");

    private LocalServiceBus bus;

    @BeforeAll
    void start() {
        bus = LocalServiceBus.builder().topology(ServiceBusTarget.topology()).start();
    }

    @AfterAll
    void stop() {
        bus.close();
    }

    @Test
    @DisplayName("a connection closed before or amid the protocol header leaves the loop idle")
    void closedBeforeHeader() throws Exception {
        // when
        new Socket("127.0.0.1", bus.port()).close();
        try (Socket socket = new Socket("127.0.0.1", bus.port())) {
            socket.getOutputStream().write(new byte[] {'A', 'M', 'Q'});
        }

        // then
        LoopThread.assertIdle("after connections closed before their protocol header");
        roundTrip(bus);
    }

    @Test
    @DisplayName("a frame claiming 500 MB before open is refused with framing-error, not allocated")
    void hugeFrameBeforeOpen() throws Exception {
        RawAmqp.Answer answer = RawAmqp.exchange(bus.port(), concat(AMQP_HEADER, frameHeader(500_000_000)));

        assertCondition(FRAMING_ERROR, answer);
        roundTrip(bus);
    }

    @Test
    @DisplayName("an open frame over 512 bytes (MIN-MAX-FRAME-SIZE) is refused with framing-error")
    void openOverMinMaxFrameSize() throws Exception {
        Open open = new Open();
        open.setContainerId("x".repeat(600));

        RawAmqp.Answer answer = RawAmqp.exchange(bus.port(), concat(AMQP_HEADER, frame(0, open)));

        assertCondition(FRAMING_ERROR, answer);
    }

    @Test
    @DisplayName("after open, a frame over the advertised max-frame-size is refused with framing-error")
    void frameOverNegotiatedSize() throws Exception {
        byte[] open = frame(0, open());
        RawAmqp.Answer answer = RawAmqp.exchange(bus.port(),
                concat(AMQP_HEADER, open, frameHeader(65536 + 1)));

        assertCondition(FRAMING_ERROR, answer);
        roundTrip(bus);
    }

    @Test
    @DisplayName("a wrong protocol id, a SASL/AMQP mismatch, garbage, a truncated frame: each closed")
    void malformedInput() throws Exception {
        byte[] open = frame(0, open());
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xA7);
        byte[] begin = frame(0, begin());

        RawAmqp.exchange(bus.port(), new byte[] {'A', 'M', 'Q', 'P', 2, 1, 0, 0});
        RawAmqp.exchange(bus.port(), concat(SASL_HEADER, open));
        RawAmqp.exchange(bus.port(), "GET / HTTP/1.1\r\n\r\n".getBytes());
        assertNotNull(RawAmqp.exchange(bus.port(), concat(AMQP_HEADER, garbage)).closeError());
        assertNotNull(RawAmqp.exchange(bus.port(), concat(AMQP_HEADER, open, garbage)).closeError());
        try (Socket socket = new Socket("127.0.0.1", bus.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(concat(AMQP_HEADER, open, Arrays.copyOf(begin, begin.length / 2)));
            socket.shutdownOutput();
            RawAmqp.readToEnd(socket.getInputStream());
        }
        assertNotNull(RawAmqp.exchange(bus.port(),
                concat(AMQP_HEADER, new byte[] {0, 0, 0, 8, 1, 0, 0, 0})).closeError(), "data offset 1");

        LoopThread.assertIdle("after malformed input");
        roundTrip(bus);
    }

    @Test
    @DisplayName("an unknown performative, frames before open, on unknown channels and handles: each closed with an error")
    void performativesOutOfPlace() throws Exception {
        byte[] open = frame(0, open());
        byte[] begin = frame(0, begin());

        assertNotNull(RawAmqp.exchange(bus.port(), concat(AMQP_HEADER, open, frame(0, new Unknown()))).closeError());
        assertCondition(ILLEGAL_STATE, RawAmqp.exchange(bus.port(), concat(AMQP_HEADER, begin)));
        assertCondition(ILLEGAL_STATE, RawAmqp.exchange(bus.port(), concat(AMQP_HEADER, open, frame(3, transfer(0)))));
        assertCondition(UNATTACHED_HANDLE,
                RawAmqp.exchange(bus.port(), concat(AMQP_HEADER, open, begin, frame(0, transfer(7)))));

        LoopThread.assertIdle("after performatives out of place");
        roundTrip(bus);
    }

    @Test
    @DisplayName("300 connections that never finish their handshake: others are served, and the handshake timeout closes them")
    void idleConnections() throws Exception {
        try (LocalServiceBus limited = LocalServiceBus.builder().topology(ServiceBusTarget.topology())
                .handshakeTimeout(Duration.ofSeconds(5)).start()) {
            // given: 300 connections sending nothing, part of the header, or the header only
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Socket socket = new Socket("127.0.0.1", limited.port());
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(Arrays.copyOf(AMQP_HEADER, (i % 3) * 4));
                idle.add(socket);
            }

            // when / then: a real client is served meanwhile
            roundTrip(limited);

            // then: each idle connection is closed, those past the header with resource-limit-exceeded
            for (int i = 0; i < idle.size(); i++) {
                try (Socket socket = idle.get(i)) {
                    RawAmqp.Answer answer = RawAmqp.readToEnd(socket.getInputStream());
                    if (i % 3 == 2) {
                        assertCondition(RESOURCE_LIMIT_EXCEEDED, answer);
                    }
                }
            }
            Await.until("no connection left open (" + limited.openConnections() + ")",
                    () -> limited.openConnections() == 0);
            LoopThread.assertIdle("after 300 idle connections timed out");
        }
    }

    @Test
    @DisplayName("a configured max-frame-size is advertised and enforced; connections over the cap are closed at once")
    void configuredLimits() throws Exception {
        try (LocalServiceBus limited = LocalServiceBus.builder().topology(ServiceBusTarget.topology())
                .maxFrameSize(1024).maxConnections(4).start()) {
            // max-frame-size
            RawAmqp.Answer answer = RawAmqp.exchange(limited.port(),
                    concat(AMQP_HEADER, frame(0, open()), frameHeader(1025)));
            assertEquals(UnsignedInteger.valueOf(1024), answer.frames().stream().filter(Open.class::isInstance)
                    .map(f -> ((Open) f).getMaxFrameSize()).findFirst().orElse(null));
            assertCondition(FRAMING_ERROR, answer);

            // connection cap: four held open, the fifth closed without a word
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(new Socket("127.0.0.1", limited.port()));
            }
            Await.until("four connections open", () -> limited.openConnections() == 4);
            try (Socket fifth = new Socket("127.0.0.1", limited.port())) {
                fifth.setSoTimeout(30_000);
                assertEquals(0, RawAmqp.readToEnd(fifth.getInputStream()).bytes().length);
            }
            for (Socket socket : held) {
                socket.close();
            }
            Await.until("the held connections closed", () -> limited.openConnections() == 0);
            roundTrip(limited);
        }
    }

    static Open open() {
        Open open = new Open();
        open.setContainerId("raw");
        open.setHostname("localhost");
        open.setChannelMax(UnsignedShort.valueOf((short) 10));
        return open;
    }

    static Begin begin() {
        Begin begin = new Begin();
        begin.setNextOutgoingId(UnsignedInteger.ZERO);
        begin.setIncomingWindow(UnsignedInteger.valueOf(100));
        begin.setOutgoingWindow(UnsignedInteger.valueOf(100));
        return begin;
    }

    static Transfer transfer(int handle) {
        Transfer transfer = new Transfer();
        transfer.setHandle(UnsignedInteger.valueOf(handle));
        transfer.setDeliveryId(UnsignedInteger.ZERO);
        transfer.setDeliveryTag(new org.apache.qpid.proton.amqp.Binary(new byte[] {1}));
        return transfer;
    }

    /** A described list with a descriptor no AMQP performative has. */
    static final class Unknown implements org.apache.qpid.proton.amqp.DescribedType {
        @Override
        public Object getDescriptor() {
            return org.apache.qpid.proton.amqp.UnsignedLong.valueOf(0x99);
        }

        @Override
        public Object getDescribed() {
            return java.util.List.of("x");
        }
    }

    static void assertCondition(Symbol expected, RawAmqp.Answer answer) {
        ErrorCondition error = answer.closeError();
        assertNotNull(error, "the broker closed without an error; it sent " + answer.frames());
        assertEquals(expected, error.getCondition(), String.valueOf(error));
    }

    /** The official SDK still sends and receives through the broker. */
    static void roundTrip(LocalServiceBus bus) {
        ServiceBusTarget target = ServiceBusTarget.local(bus);
        String body = "round-trip-" + UUID.randomUUID();
        try (ServiceBusSenderClient sender = target.client().sender().queueName(QUEUE).buildClient();
                ServiceBusReceiverClient receiver = target.client().receiver().queueName(QUEUE).buildClient()) {
            sender.sendMessage(new ServiceBusMessage(body));
            assertEquals(1, Receiving.collect(receiver, 1, m -> m.getBody().toString().equals(body), true).size());
        }
    }
}
