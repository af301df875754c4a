package io.contextbus.servicebus.local.implementation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.contextbus.servicebus.local.implementation.entity.Broker;

/**
 * The running broker: its event loop, its entities, and its listening socket. The network side
 * can be stopped (every connection dropped, the port closed) and started again while the entities,
 * and the messages in them, stay.
 */
public final class BrokerHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerHost.class);

    private final EventLoop loop;
    private final Broker broker;
    private final BrokerStats stats = new BrokerStats();
    private final LinkRouter router;
    private final ConnectionLimits limits;
    private ServerSocketChannel server;

    public BrokerHost(Clock clock, Consumer<Broker> setup) {
        this(clock, setup, ConnectionLimits.DEFAULT);
    }

    public BrokerHost(Clock clock, Consumer<Broker> setup, ConnectionLimits limits) {
        this.limits = limits;
        this.loop = new EventLoop(clock, "contextbus-servicebus-local");
        this.broker = new Broker(loop);
        this.router = new LinkRouter(broker, stats);
        loop.call(() -> {
            setup.accept(broker);
            return null;
        });
    }

    /** Binds {@code host:port} (0 = a free port) and accepts connections; returns the bound port. */
    public int startNetwork(String host, int port) {
        return loop.call(() -> {
            if (server != null) {
                throw new IllegalStateException("The broker is already listening.");
            }
            ServerSocketChannel channel = ServerSocketChannel.open();
            try {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(new InetSocketAddress(host, port), 128);
                channel.configureBlocking(false);
                channel.register(loop.selector(), SelectionKey.OP_ACCEPT, (EventLoop.IoHandler) key -> accept());
            } catch (IOException e) {
                channel.close();
                throw new UncheckedIOException("Cannot listen on " + host + ":" + port, e);
            }
            server = channel;
            int bound = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            LOG.info("event=listening host={} port={}", host, bound);
            return bound;
        });
    }

    private void accept() {
        SocketChannel socket;
        while ((socket = acceptOne()) != null) {
            if (router.connections().size() >= limits.maxConnections()) {
                // Over the cap: closed at once, so the client sees a reset instead of hanging.
                stats.connectionsRefused++;
                LOG.warn("event=connectionRefused reason=maxConnections max={}", limits.maxConnections());
                closeQuietly(socket);
                continue;
            }
            admit(socket);
        }
    }

    private void admit(SocketChannel socket) {
        try {
            socket.configureBlocking(false);
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            AmqpConnection connection = new AmqpConnection(socket, loop, router, limits);
            router.connectionOpened(connection);
            connection.register();
            stats.connectionsAccepted++;
        } catch (IOException e) {
            // the peer went away between connect and accept
            LOG.debug("event=acceptFailed error={}", e.getMessage());
            router.connections().removeIf(c -> c.isOn(socket));
            closeQuietly(socket);
        }
    }

    private SocketChannel acceptOne() {
        try {
            return server == null ? null : server.accept();
        } catch (IOException e) {
            LOG.warn("event=acceptFailed error={}", e.getMessage());
            return null;
        }
    }

    private static void closeQuietly(SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("event=closeFailed error={}", e.getMessage());
        }
    }

    /** Closes the port and drops every connection; locks held by their links are released. */
    public void stopNetwork() {
        loop.call(() -> {
            if (server != null) {
                server.close();
                server = null;
            }
            for (AmqpConnection connection : new ArrayList<>(router.connections())) {
                connection.close();
            }
            // a closed channel keeps its port bound until the selector drops its key, which it does on
            // its next select: do it now, so that a start right after this stop can bind the port again
            // (keys it finds ready stay selected for the loop's next turn)
            loop.selector().selectNow();
            LOG.info("event=networkStopped");
            return null;
        });
    }

    public boolean isListening() {
        return loop.call(() -> server != null);
    }

    /** Runs {@code action} on the broker's thread, with its entities, and returns its result. */
    public <T> T inspect(Function<Broker, T> action) {
        return loop.call(() -> action.apply(broker));
    }

    /** Client connections open now (any thread). */
    public int openConnections() {
        return router.connections().size();
    }

    public ConnectionLimits limits() {
        return limits;
    }

    public BrokerStats stats() {
        return stats;
    }

    @Override
    public void close() {
        try {
            stopNetwork();
        } finally {
            loop.close();
        }
    }
}
