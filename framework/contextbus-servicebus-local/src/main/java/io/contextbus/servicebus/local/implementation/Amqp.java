package io.contextbus.servicebus.local.implementation;

import java.nio.ByteBuffer;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Symbol;

/** The Service Bus vocabulary on the wire: symbols, error conditions, and .NET encodings. */
final class Amqp {

    static final Symbol SESSION_FILTER = Symbol.valueOf("com.microsoft:session-filter");
    static final Symbol LOCKED_UNTIL_UTC = Symbol.valueOf("com.microsoft:locked-until-utc");
    static final Symbol LINK_TIMEOUT = Symbol.valueOf("com.microsoft:timeout");

    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    static final Symbol LOCKED_UNTIL = Symbol.valueOf("x-opt-locked-until");
    static final Symbol ENQUEUE_SEQUENCE_NUMBER = Symbol.valueOf("x-opt-enqueue-sequence-number");
    static final Symbol MESSAGE_STATE = Symbol.valueOf("x-opt-message-state");
    static final Symbol DEADLETTER_SOURCE = Symbol.valueOf("x-opt-deadletter-source");

    static final Symbol NOT_FOUND = Symbol.valueOf("amqp:not-found");
    static final Symbol NOT_ALLOWED = Symbol.valueOf("amqp:not-allowed");
    static final Symbol NOT_IMPLEMENTED = Symbol.valueOf("amqp:not-implemented");
    static final Symbol DECODE_ERROR = Symbol.valueOf("amqp:decode-error");
    static final Symbol INTERNAL_ERROR = Symbol.valueOf("amqp:internal-error");
    static final Symbol TIMEOUT = Symbol.valueOf("com.microsoft:timeout");
    static final Symbol MESSAGE_LOCK_LOST = Symbol.valueOf("com.microsoft:message-lock-lost");
    static final Symbol SESSION_LOCK_LOST = Symbol.valueOf("com.microsoft:session-lock-lost");
    static final Symbol MESSAGE_NOT_FOUND = Symbol.valueOf("com.microsoft:message-not-found");
    static final Symbol ARGUMENT_ERROR = Symbol.valueOf("com.microsoft:argument-error");
    static final Symbol DEAD_LETTER = Symbol.valueOf("com.microsoft:dead-letter");

    /** .NET ticks (100 ns since 0001-01-01) at the Unix epoch. */
    private static final long EPOCH_TICKS = 621_355_968_000_000_000L;

    private Amqp() {
    }

    static long toDotNetTicks(long epochMillis) {
        return EPOCH_TICKS + epochMillis * 10_000L;
    }

    /** A UUID's bytes in .NET GUID order (the first three groups little-endian): Service Bus lock tokens. */
    static byte[] toDotNetBytes(UUID uuid) {
        byte[] java = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        byte[] net = new byte[16];
        net[0] = java[3];
        net[1] = java[2];
        net[2] = java[1];
        net[3] = java[0];
        net[4] = java[5];
        net[5] = java[4];
        net[6] = java[7];
        net[7] = java[6];
        System.arraycopy(java, 8, net, 8, 8);
        return net;
    }

    /** Entity path of a link address, which may be a bare path or an absolute amqp(s)/sb URI. */
    static String entityPath(String address) {
        if (address == null) {
            return null;
        }
        String path = address;
        int scheme = path.indexOf("://");
        if (scheme >= 0) {
            int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "" : path.substring(slash + 1);
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }
}
