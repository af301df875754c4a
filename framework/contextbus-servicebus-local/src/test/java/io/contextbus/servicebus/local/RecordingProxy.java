package io.contextbus.servicebus.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A TCP proxy on 127.0.0.1 in front of the broker that records, per connection, every byte clients
 * send through it, so a test can replay (and mutate) what a real client session looks like on the wire.
 */
final class RecordingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int brokerPort;
    private final List<ByteArrayOutputStream> connections = new ArrayList<>();
    private final Thread acceptor;

    RecordingProxy(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "recording-proxy");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    String connectionString() {
        return "Endpoint=sb://localhost:" + port()
                + ";SharedAccessKeyName=local;SharedAccessKey=local;UseDevelopmentEmulator=true";
    }

    /** What the busiest client connection sent so far. */
    synchronized byte[] recorded() {
        return connections.stream().max(Comparator.comparingInt(ByteArrayOutputStream::size))
                .map(ByteArrayOutputStream::toByteArray).orElse(new byte[0]);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                ByteArrayOutputStream recorded = new ByteArrayOutputStream();
                synchronized (this) {
                    connections.add(recorded);
                }
                pump(client, broker, recorded);
                pump(broker, client, null);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, ByteArrayOutputStream recorded) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (recorded != null) {
                        synchronized (this) {
                            recorded.write(buffer, 0, n);
                        }
                    }
                    out.write(buffer, 0, n);
                }
            } catch (IOException gone) {
                // one side closed: the other is closed below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "recording-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
