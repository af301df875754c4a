package io.contextbus.spring.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ContextBusEnvironmentPostProcessorTest {

    @Test
    void agreedVariablesBecomeTheirProperties() {
        Map<String, Object> p = ContextBusEnvironmentPostProcessor.properties(Map.of(
                "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "Endpoint=sb://localhost:5672",
                "CONTEXTBUS_STORE", "cosmos",
                "CONTEXTBUS_DATA_DIR", "/data",
                "CONTEXTBUS_TOPOLOGY", "/t.json",
                "CONTEXTBUS_HTTP_PORT", "8080",
                "CONTEXTBUS_REPLAY_TOKEN", " ",
                "PATH", "/bin"));
        assertEquals(Map.of("contextbus.servicebus.connection-string", "Endpoint=sb://localhost:5672",
                "contextbus.store.type", "cosmos", "contextbus.store.sqlite.directory", "/data",
                "contextbus.topology", "/t.json", "server.port", "8080"), p);
    }

    @Test
    void theyRankBelowTheSystemEnvironmentAndAboveNothingElse() {
        StandardEnvironment env = new StandardEnvironment() {
            @Override
            public Map<String, Object> getSystemEnvironment() {
                return Map.of("CONTEXTBUS_TOPOLOGY", "/from-env.json");
            }
        };
        env.getPropertySources().addFirst(new MapPropertySource("args", Map.of("contextbus.topology", "/from-args.json")));
        new ContextBusEnvironmentPostProcessor().postProcessEnvironment(env, null);
        assertEquals("/from-args.json", env.getProperty("contextbus.topology"));
        env.getPropertySources().remove("args");
        assertEquals("/from-env.json", env.getProperty("contextbus.topology"));
    }
}
