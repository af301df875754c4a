package io.contextbus.replay.service.implementation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BearerAuthTest {
    final BearerAuth auth = new BearerAuth("s3cret-token-of-some-length");

    @Test
    void accepts_the_token() {
        assertTrue(auth.accepts("Bearer s3cret-token-of-some-length"));
        assertTrue(auth.accepts("bearer s3cret-token-of-some-length"));
    }

    @Test
    void refuses_anything_else() {
        assertFalse(auth.accepts(null));
        assertFalse(auth.accepts(""));
        assertFalse(auth.accepts("Bearer "));
        assertFalse(auth.accepts("Bearer s3cret-token-of-some-lengtH"));
        assertFalse(auth.accepts("Bearer s3cret-token-of-some-length-and-more"));
        assertFalse(auth.accepts("Basic s3cret-token-of-some-length"));
        assertFalse(auth.accepts("s3cret-token-of-some-length"));
    }
}
