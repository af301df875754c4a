package io.contextbus.servicebus.implementation;

import io.contextbus.error.ValidationException;
import io.contextbus.model.StreamId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The id rules of the message contract. A live MessageId is {@code <streamId>:<commitSequence>}; a
 * replayed one is {@code <live id>:r:<replayId>}; a per-stream SessionId is the streamId. Service Bus
 * caps MessageId and SessionId at {@value #MAX_ID_LENGTH} characters, so an id that would be longer
 * uses {@code h:<base64url(sha256(streamId))>} in place of the streamId. Stream ids that themselves
 * begin with {@code h:} are always hashed, so that no raw id can equal a hashed one: two different
 * streams never share a MessageId (short of a SHA-256 collision). Stable across processes and
 * languages: the replay service and any other sender derive the same ids.
 */
public final class MessageIds {
    /** Service Bus's limit on MessageId and SessionId. */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest replay id: keeps a hashed replay MessageId within {@link #MAX_ID_LENGTH}. */
    public static final int MAX_REPLAY_ID_LENGTH = 60;

    private static final String HASH_PREFIX = "h:";
    private static final Pattern REPLAY_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_REPLAY_ID_LENGTH + "}");

    private MessageIds() {
    }

    /** The MessageId of commit {@code commitSequence} of {@code streamId} as published live. */
    public static String live(StreamId streamId, long commitSequence) {
        ValidationException.requireNonNull(streamId, "streamId");
        requireSequence(commitSequence);
        return fit(streamId, ":" + commitSequence);
    }

    /** The MessageId of the same commit resent by replay {@code replayId}; never equal to a live one. */
    public static String replay(StreamId streamId, long commitSequence, String replayId) {
        ValidationException.requireNonNull(streamId, "streamId");
        requireSequence(commitSequence);
        requireReplayId(replayId);
        return fit(streamId, ":" + commitSequence + ":r:" + replayId);
    }

    /** The SessionId of a stream's own session: the streamId, hashed when too long. */
    public static String streamSession(StreamId streamId) {
        ValidationException.requireNonNull(streamId, "streamId");
        return fit(streamId, "");
    }

    /** {@code base64url(sha256(streamId))} without padding: 43 characters. */
    public static String hash(StreamId streamId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(streamId.value()));
    }

    /**
     * A stable, non-negative hash of the stream id (the first four bytes of its SHA-256), for
     * spreading streams over session buckets the same way in every process.
     */
    public static long bucketHash(StreamId streamId) {
        byte[] d = sha256(streamId.value());
        return ((d[0] & 0xffL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
    }

    /** Checks a replay id: 1 to {@value #MAX_REPLAY_ID_LENGTH} characters of {@code [A-Za-z0-9._-]}. */
    public static String requireReplayId(String replayId) {
        ValidationException.requireNonNull(replayId, "replayId");
        ValidationException.require(REPLAY_ID.matcher(replayId).matches(), "replayId",
                "must be 1 to " + MAX_REPLAY_ID_LENGTH + " characters of [A-Za-z0-9._-] but was '"
                        + (replayId.length() > 70 ? replayId.substring(0, 70) + "..." : replayId) + "'.");
        return replayId;
    }

    private static String fit(StreamId streamId, String suffix) {
        String raw = streamId.value();
        if (!raw.startsWith(HASH_PREFIX) && raw.length() + suffix.length() <= MAX_ID_LENGTH) {
            return raw + suffix;
        }
        return HASH_PREFIX + hash(streamId) + suffix;
    }

    private static void requireSequence(long commitSequence) {
        ValidationException.require(commitSequence >= 1, "commitSequence",
                "must be at least 1 but was " + commitSequence + ".");
    }

    /** One digest per thread: looking SHA-256 up in the security providers costs more than hashing an id. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest Javadoc).
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private static byte[] sha256(String value) {
        // digest() resets the digest, so the next call on this thread starts clean
        return SHA256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    }
}
