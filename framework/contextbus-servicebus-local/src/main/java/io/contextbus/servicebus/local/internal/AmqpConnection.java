package io.contextbus.servicebus.local.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: its socket, its proton-j transport, and the handlers of its links. Input
 * is processed as it arrives; output is written once per loop turn. A protocol error closes this
 * connection only.
 */
final class AmqpConnection implements EventLoop.IoHandler, EventLoop.Flushable {

    private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);

    private final SocketChannel channel;
    private final EventLoop loop;
    private final LinkRouter router;
    private final Transport transport = Transport.Factory.create();
    private final Connection connection = Connection.Factory.create();
    private final Collector collector = Collector.Factory.create();
    private final Set<LinkHandler> handlers = new LinkedHashSet<>();
    private final Map<String, ReplyLink> replyLinks = new HashMap<>();
    private final String remote;
    private SelectionKey key;
    private boolean closed;

    AmqpConnection(SocketChannel channel, EventLoop loop, LinkRouter router) throws IOException {
        this.channel = channel;
        this.loop = loop;
        this.router = router;
        this.remote = String.valueOf(channel.getRemoteAddress());
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

    private void read() {
        try {
            while (transport.capacity() > 0) {
                ByteBuffer tail = transport.tail();
                int read = channel.read(tail);
                if (read < 0) {
                    transport.close_tail();
                    break;
                }
                if (read == 0) {
                    break;
                }
                transport.process();
            }
        } catch (TransportException e) {
            LOG.warn("event=protocolError remote={} error={}", remote, e.getMessage());
            transport.close_tail();
        } catch (IOException e) {
            LOG.debug("event=readFailed remote={} error={}", remote, e.getMessage());
            transport.close_tail();
        }
    }

    @Override
    public void flush() {
        if (closed) {
            return;
        }
        dispatchEvents();
        try {
            while (transport.pending() > 0) {
                int written = channel.write(transport.head());
                if (written == 0) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                    return;
                }
                transport.pop(written);
            }
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            LOG.debug("event=writeFailed remote={} error={}", remote, e.getMessage());
            close();
            return;
        }
        if (transport.pending() < 0 || transport.isClosed()) {
            close();
        }
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
        loop.scheduleAt(loop.now() + 5_000, () -> {
            if (!closed) {
                transport.tick(loop.now());
                markDirty();
                scheduleTick();
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
            handler.onGone();
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
