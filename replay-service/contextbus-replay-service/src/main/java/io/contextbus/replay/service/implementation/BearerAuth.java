package io.contextbus.replay.service.implementation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks an {@code Authorization: Bearer <token>} header in constant time: both sides are hashed
 * first, so neither the content nor the length of the expected token leaks through timing.
 */
final class BearerAuth {
    private static final String PREFIX = "Bearer ";
    private final byte[] expected;

    BearerAuth(String token) {
        this.expected = sha256(token);
    }

    boolean accepts(String authorizationHeader) {
        String presented = authorizationHeader != null && authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())
                ? authorizationHeader.substring(PREFIX.length()).trim() : "";
        // Always compare, even for a missing header, so that the answer takes the same time.
        return MessageDigest.isEqual(expected, sha256(presented)) && !presented.isEmpty();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
