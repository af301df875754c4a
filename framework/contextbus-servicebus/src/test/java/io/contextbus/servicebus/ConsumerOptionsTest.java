package io.contextbus.servicebus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.contextbus.error.ValidationException;
import org.junit.jupiter.api.Test;

class ConsumerOptionsTest {

    @Test
    void sessionBucketsGetTwoSlotsEach() {
        ConsumerOptions options = ConsumerOptions.DEFAULT.withSessionBuckets(16);
        assertEquals(32, options.maxConcurrentSessions());
        assertEquals(ConsumerOptions.DEFAULT.prefetchCount(), options.prefetchCount());
        assertEquals(1000, ConsumerOptions.DEFAULT.withSessionBuckets(500).maxConcurrentSessions());
    }

    @Test
    void refusesBucketCountsItCannotServe() {
        for (int buckets : new int[] {0, -1, 501}) {
            ValidationException e = assertThrows(ValidationException.class,
                    () -> ConsumerOptions.DEFAULT.withSessionBuckets(buckets));
            assertEquals("buckets", e.field());
        }
    }
}
