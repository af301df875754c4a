package io.contextbus.servicebus.local.implementation;

import java.nio.ByteBuffer;

/**
 * Reads the frame sizes in a connection's input before proton-j does, so a frame over its limit is
 * refused from its 4-byte header instead of being buffered: 512 bytes (MIN-MAX-FRAME-SIZE) for SASL
 * frames and for AMQP frames up to and including the open frame, the broker's advertised
 * max-frame-size after it. Anything it cannot follow (a wrong protocol header, a size under 8) is
 * left to proton-j, which refuses it.
 */
final class FrameGuard {

    private enum Phase { HEADER, SIZE, BODY, UNCHECKED }

    private final int maxFrameSize;
    private Phase phase = Phase.HEADER;
    private int headerBytes;
    private boolean sasl;
    private boolean opened;
    private int sizeBytes;
    private long size;
    private long bodyLeft;
    private String violation;

    FrameGuard(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    /**
     * Follows the bytes {@code [from, to)} of {@code input} (absolute positions); returns the position
     * at which the first frame over its limit starts (no earlier than {@code from}), or -1.
     */
    int scan(ByteBuffer input, int from, int to) {
        int frameStart = from;
        int at = from;
        while (at < to && violation == null) {
            switch (phase) {
                case HEADER -> {
                    byte b = input.get(at++);
                    headerBytes++;
                    if (headerBytes == 5) {
                        sasl = b == 3;
                        if (b != 3 && b != 0) {
                            phase = Phase.UNCHECKED;
                        }
                    } else if (headerBytes == 8) {
                        phase = Phase.SIZE;
                    }
                }
                case SIZE -> {
                    if (sizeBytes == 0) {
                        frameStart = at;
                    }
                    size = (size << 8) | (input.get(at++) & 0xFF);
                    if (++sizeBytes == 4) {
                        frameSize();
                    }
                }
                case BODY -> {
                    int skip = (int) Math.min(bodyLeft, to - at);
                    at += skip;
                    bodyLeft -= skip;
                    if (bodyLeft == 0) {
                        phase = Phase.SIZE;
                    }
                }
                case UNCHECKED -> at = to;
            }
        }
        return violation == null ? -1 : Math.max(frameStart, from);
    }

    private void frameSize() {
        long claimed = size;
        sizeBytes = 0;
        size = 0;
        if (sasl && claimed == 0x414D5150L) { // "AMQP": the AMQP header after a SASL exchange
            sasl = false;
            headerBytes = 4;
            phase = Phase.HEADER;
            return;
        }
        if (claimed < 8) {
            phase = Phase.UNCHECKED;
            return;
        }
        long limit = sasl || !opened ? ConnectionLimits.MIN_MAX_FRAME_SIZE : maxFrameSize;
        if (claimed > limit) {
            violation = (sasl ? "SASL frame" : opened ? "frame" : "frame before open") + " of " + claimed
                    + " bytes exceeds the maximum frame size of " + limit + " bytes";
            return;
        }
        if (!sasl && claimed > 8) {
            opened = true; // the first AMQP frame with a body is the open frame
        }
        bodyLeft = claimed - 4;
        phase = Phase.BODY;
    }

    /** What was over its limit, or null. */
    String violation() {
        return violation;
    }
}
