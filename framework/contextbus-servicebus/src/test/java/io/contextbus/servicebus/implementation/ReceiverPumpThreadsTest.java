package io.contextbus.servicebus.implementation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The SDK's receiver pump pool is sized for the sessions the consumers hold")
class ReceiverPumpThreadsTest {
    private final Properties properties = new Properties();

    @Test
    @DisplayName("unset, it is raised before the first consumer starts: at least the floor, two threads per session")
    void raisedWhenUnset() {
        // given: 2 cores, so the SDK's own default is 40 threads
        ReceiverPumpThreads pool = new ReceiverPumpThreads(properties, 2);

        // when
        int size = pool.reserve(64);

        // then
        assertEquals(ReceiverPumpThreads.FLOOR, size);
        assertEquals(Integer.toString(ReceiverPumpThreads.FLOOR), properties.getProperty(ReceiverPumpThreads.PROPERTY));
    }

    @Test
    @DisplayName("more sessions than the floor allows raise it to two threads per session")
    void raisedForManySessions() {
        ReceiverPumpThreads pool = new ReceiverPumpThreads(properties, 2);

        assertEquals(1000, pool.reserve(500));
        assertEquals("1000", properties.getProperty(ReceiverPumpThreads.PROPERTY));
    }

    @Test
    @DisplayName("a value the application set is kept, even when it is smaller than needed")
    void applicationValueKept() {
        properties.setProperty(ReceiverPumpThreads.PROPERTY, "48");
        ReceiverPumpThreads pool = new ReceiverPumpThreads(properties, 2);

        assertEquals(48, pool.reserve(32));
        assertEquals("48", properties.getProperty(ReceiverPumpThreads.PROPERTY));
    }

    @Test
    @DisplayName("once the first consumer started the pool is fixed: later ones neither change nor grow it")
    void fixedAfterFirstStart() {
        // given: a first consumer started and stopped
        ReceiverPumpThreads pool = new ReceiverPumpThreads(properties, 2);
        pool.reserve(32);
        pool.release(32);

        // when: the application changes the property, and a much larger consumer starts
        properties.setProperty(ReceiverPumpThreads.PROPERTY, "8");
        int size = pool.reserve(400);

        // then: the SDK read the property once; the size in effect is still the first one
        assertEquals(ReceiverPumpThreads.FLOOR, size);
    }
}
