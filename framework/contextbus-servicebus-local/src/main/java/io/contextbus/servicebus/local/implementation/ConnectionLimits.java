package io.contextbus.servicebus.local.implementation;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may cost the broker: the largest frame it may send once its connection is open
 * (the max-frame-size the broker advertises; before that, AMQP's 512-byte MIN-MAX-FRAME-SIZE), how
 * long it may take from TCP connect to its open frame, and how many connections may be open at once.
 */
public record ConnectionLimits(int maxFrameSize, Duration handshakeTimeout, int maxConnections) {

    /** AMQP 1.0 (2.7.1): every frame before the open frames are exchanged fits in 512 bytes. */
    public static final int MIN_MAX_FRAME_SIZE = 512;

    /** 64 KB frames (what the Java SDK offers in its own open frame), 30 s to open, 1,000 connections. */
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(65_536, Duration.ofSeconds(30), 1_000);

    public ConnectionLimits {
        if (maxFrameSize < MIN_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException(
                    "'maxFrameSize' must be at least " + MIN_MAX_FRAME_SIZE + " but was " + maxFrameSize + ".");
        }
        Objects.requireNonNull(handshakeTimeout, "'handshakeTimeout' cannot be null.");
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("'handshakeTimeout' must be positive but was " + handshakeTimeout + ".");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("'maxConnections' must be at least 1 but was " + maxConnections + ".");
        }
    }

    public ConnectionLimits withMaxFrameSize(int value) {
        return new ConnectionLimits(value, handshakeTimeout, maxConnections);
    }

    public ConnectionLimits withHandshakeTimeout(Duration value) {
        return new ConnectionLimits(maxFrameSize, value, maxConnections);
    }

    public ConnectionLimits withMaxConnections(int value) {
        return new ConnectionLimits(maxFrameSize, handshakeTimeout, value);
    }
}
