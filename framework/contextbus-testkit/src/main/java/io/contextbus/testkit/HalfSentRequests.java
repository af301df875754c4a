package io.contextbus.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Slow clients against an HTTP server: connections that each send a request line and one header,
 * then nothing. A server that waits for the rest of such a request forever holds whatever it gave
 * the connection (a worker thread, in the JDK's server); one that bounds the time to read a request
 * closes them. Close it to drop the connections that are left.
 */
public final class HalfSentRequests implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    private HalfSentRequests() {
    }

    /** Opens {@code count} connections to {@code host:port}, each with a half-sent {@code GET path}. */
    public static HalfSentRequests open(String host, int port, String path, int count) {
        HalfSentRequests requests = new HalfSentRequests();
        byte[] half = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket();
                requests.sockets.add(s);
                s.connect(new InetSocketAddress(host, port), 10_000);
                s.getOutputStream().write(half);
                s.getOutputStream().flush();
            }
        } catch (IOException e) {
            requests.close();
            throw new UncheckedIOException("Opening half-sent request " + (requests.sockets.size()) + " of " + count
                    + " to " + host + ":" + port + " failed.", e);
        }
        return requests;
    }

    /**
     * Waits until the server has closed every connection (end of stream or reset, without an
     * answer), each one up to {@code deadline} from now.
     *
     * @throws AssertionError naming how many are still open, or answered, when the deadline passes
     */
    public void awaitClosedByServer(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        int open = 0;
        int answered = 0;
        for (Socket s : sockets) {
            long left = Math.max(1, (end - System.nanoTime()) / 1_000_000);
            try {
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                InputStream in = s.getInputStream();
                if (in.read() != -1) {
                    answered++;
                }
            } catch (SocketTimeoutException e) {
                open++;
            } catch (IOException e) {
                // a reset: closed by the server as well
            }
        }
        if (open > 0 || answered > 0) {
            throw new AssertionError(open + " of " + sockets.size() + " half-sent requests were still open after " + deadline
                    + " and " + answered + " got an answer; the server should have closed them.");
        }
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
