package io.contextbus.spring.boot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Reads the environment variables every contextbus process understands ({@code CONTEXTBUS_SERVICEBUS_NAMESPACE},
 * {@code CONTEXTBUS_SERVICEBUS_CONNECTION_STRING}, {@code CONTEXTBUS_STORE}, {@code CONTEXTBUS_DATA_DIR},
 * {@code CONTEXTBUS_COSMOS_*}, {@code CONTEXTBUS_TOPOLOGY}, {@code CONTEXTBUS_REPLAY_URL},
 * {@code CONTEXTBUS_REPLAY_TOKEN}, {@code CONTEXTBUS_HTTP_PORT}) as the {@code contextbus.*} properties
 * (and {@code server.port}) they mean, so a Spring Boot context deploys like the others. Spring's
 * relaxed binding would read some under other names (for example {@code CONTEXTBUS_STORE} is not
 * {@code contextbus.store.type}). They rank just below the operating system's variables: command-line
 * arguments and {@code SPRING_APPLICATION_JSON} still win, {@code application.properties} loses.
 */
public final class ContextBusEnvironmentPostProcessor implements EnvironmentPostProcessor {
    /** The name of the property source it adds. */
    public static final String SOURCE = "contextbusEnvironmentVariables";

    private static final Map<String, String> NAMES = Map.of(
            "CONTEXTBUS_SERVICEBUS_NAMESPACE", "contextbus.servicebus.namespace",
            "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING", "contextbus.servicebus.connection-string",
            "CONTEXTBUS_STORE", "contextbus.store.type",
            "CONTEXTBUS_DATA_DIR", "contextbus.store.sqlite.directory",
            "CONTEXTBUS_COSMOS_ENDPOINT", "contextbus.store.cosmos.endpoint",
            "CONTEXTBUS_COSMOS_KEY", "contextbus.store.cosmos.key",
            "CONTEXTBUS_COSMOS_DATABASE", "contextbus.store.cosmos.database",
            "CONTEXTBUS_TOPOLOGY", "contextbus.topology",
            "CONTEXTBUS_REPLAY_URL", "contextbus.replay.url",
            "CONTEXTBUS_REPLAY_TOKEN", "contextbus.replay.token");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> properties = properties(environment.getSystemEnvironment());
        if (properties.isEmpty()) {
            return;
        }
        MapPropertySource source = new MapPropertySource(SOURCE, properties);
        if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            environment.getPropertySources().addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            environment.getPropertySources().addLast(source);
        }
    }

    /** The properties that {@code variables} set, by their contextbus names. */
    static Map<String, Object> properties(Map<String, Object> variables) {
        Map<String, Object> p = new LinkedHashMap<>();
        NAMES.forEach((variable, property) -> {
            Object value = variables.get(variable);
            if (value != null && !value.toString().isBlank()) {
                p.put(property, value);
            }
        });
        Object port = variables.get("CONTEXTBUS_HTTP_PORT");
        if (port != null && !port.toString().isBlank()) {
            p.put("server.port", port);
        }
        return p;
    }
}
