package io.contextbus.servicebus.local.implementation;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.ProtonJTransport;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its socket, its proton-j transport, and the handlers of its links. Input
 * is processed as it arrives; output is written once per loop turn. Whatever the peer sends costs at
 * most one frame of the advertised size: frames over their limit ({@link FrameGuard}), frames out of
 * place ({@link PeerFrameRules}), malformed input, a missed handshake deadline, and anything thrown
 * while serving it close this connection only, with an AMQP close error where the handshake got
 * that far.
 */
final class AmqpConnection implements EventLoop.IoHandler, EventLoop.Flushable {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);
    private static final long CLOSING_GRACE_MILLIS = 10_000;

    private final SocketChannel channel;
    private final EventLoop loop;
    private final LinkRouter router;
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private final Collector collector = Collector.Factory.create();
    private final Set<LinkHandler> handlers = new LinkedHashSet<>();
    private final Map<String, ReplyLink> replyLinks = new HashMap<>();
    private final String remote;
    private final FrameGuard guard;
    private final Duration handshakeTimeout;
    private SelectionKey key;
    private boolean inputDone;
    private boolean closed;

    AmqpConnection(SocketChannel channel, EventLoop loop, LinkRouter router, ConnectionLimits limits)
            throws IOException {
        this.channel = channel;
        this.loop = loop;
        this.router = router;
        this.remote = String.valueOf(channel.getRemoteAddress());
        this.guard = new FrameGuard(limits.maxFrameSize());
        this.handshakeTimeout = limits.handshakeTimeout();
        // Advertised in the open frame; proton-j refuses larger frames too (FrameGuard does first).
        transport.setMaxFrameSize(limits.maxFrameSize());
        ((ProtonJTransport) transport).setProtocolTracer(new PeerFrameRules());
        Sasl sasl = transport.sasl();
        sasl.server();
        sasl.allowSkip(true);
        sasl.setMechanisms("ANONYMOUS", "PLAIN", "MSSBCBS", "EXTERNAL");
        sasl.setListener(new AcceptAll());
        // A peer that sends nothing (not even the heartbeats this asks for) for 2 minutes is dropped,
        // so a half-open connection cannot hold locks forever.
        transport.setIdleTimeout(120_000);
        connection.collect(collector);
        transport.bind(connection);
    }

    void register() throws IOException {
        key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        LOG.debug("event=connected remote={}", remote);
        scheduleTick();
        scheduleHandshakeDeadline(handshakeTimeout);
    }

    boolean isOn(SocketChannel socket) {
        return channel == socket;
    }

    EventLoop loop() {
        return loop;
    }

    void markDirty() {
        loop.markDirty(this);
    }

    void addHandler(Link link, LinkHandler handler) {
        link.setContext(handler);
        handlers.add(handler);
    }

    void removeHandler(LinkHandler handler) {
        handlers.remove(handler);
    }

    void addReplyLink(String address, ReplyLink link) {
        replyLinks.put(address, link);
    }

    void removeReplyLink(String address, ReplyLink link) {
        replyLinks.remove(address, link);
    }

    ReplyLink replyLink(String address) {
        return address == null ? null : replyLinks.get(address);
    }

    @Override
    public void onReady(SelectionKey selected) {
        if (closed) {
            return;
        }
        if (selected.isReadable()) {
            read();
        }
        flush();
    }

    /** Anything thrown while serving this connection: close it (amqp:internal-error where possible). */
    @Override
    public void onFailure(Throwable error) {
        LOG.error("event=connectionFailed remote={}", remote, error);
        try {
            refuse(new ErrorCondition(AmqpError.INTERNAL_ERROR, "The broker failed while serving this connection."));
            writeOutput();
        } catch (IOException | RuntimeException | Error again) {
            LOG.debug("event=failureCloseFailed remote={}", remote, again);
        }
        close();
    }

    private void read() {
        try {
            while (!inputDone) {
                int capacity = transport.capacity();
                if (capacity < 0) {
                    endInput();
                    break;
                }
                if (capacity == 0) {
                    break;
                }
                ByteBuffer tail = transport.tail();
                int start = tail.position();
                int read = channel.read(tail);
                if (read < 0) {
                    LOG.debug("event=peerClosedInput remote={}", remote);
                    endInput();
                    break;
                }
                if (read == 0) {
                    break;
                }
                int oversized = guard.scan(tail, start, tail.position());
                if (oversized >= 0) {
                    tail.position(oversized);
                    transport.process();
                    refuse(new ErrorCondition(ConnectionError.FRAMING_ERROR, guard.violation()));
                    break;
                }
                transport.process();
            }
        } catch (PeerFrameRules.Refused e) {
            refuse(e.condition());
        } catch (TransportException e) {
            // proton-j set its own condition (framing or decode error) when it parsed something wrong
            refuse(transport.getCondition() != null ? transport.getCondition()
                    : new ErrorCondition(ConnectionError.FRAMING_ERROR, String.valueOf(e.getMessage())));
        } catch (IOException e) {
            LOG.debug("event=readFailed remote={} error={}", remote, e.getMessage());
            endInput();
        } catch (RuntimeException e) {
            // proton-j's codec failed on a frame body, or proton-j cannot apply the frame in this state
            LOG.debug("event=frameNotProcessed remote={}", remote, e);
            refuse(thrownByCodec(e)
                    ? new ErrorCondition(AmqpError.DECODE_ERROR, "The frame cannot be decoded: " + e)
                    : new ErrorCondition(AmqpError.ILLEGAL_STATE, "The frame cannot be applied: " + e));
        }
    }

    private static boolean thrownByCodec(RuntimeException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("org.apache.qpid.proton.codec.")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes the connection with {@code condition}: no more input is read, and the socket closes once
     * the close frame (when the handshake got that far) is written.
     */
    private void refuse(ErrorCondition condition) {
        if (inputDone) {
            return;
        }
        LOG.warn("event=connectionRefused remote={} condition={} description={}", remote,
                condition.getCondition(), condition.getDescription());
        if (connection.getLocalState() != EndpointState.CLOSED) {
            connection.setCondition(condition);
            connection.close();
        }
        endInput();
    }

    /** The peer sends nothing more, or nothing more is read: close once the output is written. */
    private void endInput() {
        if (inputDone) {
            return;
        }
        inputDone = true;
        try {
            transport.close_tail();
        } catch (RuntimeException alreadyFailed) {
            LOG.debug("event=closeTailFailed remote={} error={}", remote, alreadyFailed.getMessage());
        }
        // A peer that does not read our last frames does not hold the socket.
        WeakReference<AmqpConnection> self = new WeakReference<>(this);
        loop.scheduleAt(loop.now() + CLOSING_GRACE_MILLIS, () -> {
            AmqpConnection connection = self.get();
            if (connection != null) {
                connection.close();
            }
        });
    }

    @Override
    public void flush() {
        if (closed) {
            return;
        }
        dispatchEvents();
        boolean drained;
        try {
            drained = writeOutput();
        } catch (IOException e) {
            LOG.debug("event=writeFailed remote={} error={}", remote, e.getMessage());
            close();
            return;
        }
        int pending = transport.pending();
        if (pending < 0 || transport.isClosed() || (inputDone && pending == 0)) {
            close();
            return;
        }
        key.interestOps((inputDone ? 0 : SelectionKey.OP_READ) | (drained ? 0 : SelectionKey.OP_WRITE));
    }

    /** Writes what the transport has; false when the socket would block. */
    private boolean writeOutput() throws IOException {
        while (transport.pending() > 0) {
            int written = channel.write(transport.head());
            if (written == 0) {
                return false;
            }
            transport.pop(written);
        }
        return true;
    }

    private void dispatchEvents() {
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                router.handle(this, event);
            } catch (RuntimeException e) {
                LOG.error("event=handlerFailed remote={} type={}", remote, event.getType(), e);
            }
            collector.pop();
        }
    }

    private void scheduleTick() {
        WeakReference<AmqpConnection> self = new WeakReference<>(this);
        loop.scheduleAt(loop.now() + 5_000, () -> {
            AmqpConnection connection = self.get();
            if (connection != null && !connection.closed) {
                connection.transport.tick(connection.loop.now());
                connection.markDirty();
                connection.scheduleTick();
            }
        });
    }

    /** A client that has not sent its open frame within the handshake timeout is closed. */
    private void scheduleHandshakeDeadline(Duration timeout) {
        WeakReference<AmqpConnection> self = new WeakReference<>(this);
        loop.scheduleAt(loop.now() + timeout.toMillis(), () -> {
            AmqpConnection connection = self.get();
            if (connection != null && !connection.closed
                    && connection.connection.getRemoteState() == EndpointState.UNINITIALIZED) {
                connection.refuse(new ErrorCondition(AmqpError.RESOURCE_LIMIT_EXCEEDED,
                        "No open frame within the handshake timeout of " + timeout.toMillis() + " ms."));
                connection.markDirty();
            }
        });
    }

    /** Drops the connection now (a broker stop, or the peer went away); links release what they hold. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (LinkHandler handler : new ArrayList<>(handlers)) {
            try {
                handler.onGone();
            } catch (RuntimeException e) {
                LOG.error("event=linkReleaseFailed remote={}", remote, e);
            }
        }
        handlers.clear();
        replyLinks.clear();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("event=closeFailed remote={}", remote, e);
        }
        router.connectionClosed(this);
        LOG.debug("event=disconnected remote={}", remote);
    }

    /** Any client may connect: the local broker does not authenticate. */
    private static final class AcceptAll implements SaslListener {
        @Override
        public void onSaslInit(Sasl sasl, Transport transport) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        }

        @Override
        public void onSaslMechanisms(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslChallenge(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslResponse(Sasl sasl, Transport transport) {
        }

        @Override
        public void onSaslOutcome(Sasl sasl, Transport transport) {
        }
    }
}
