package io.contextbus.samples.billing.service;

import io.contextbus.spring.boot.ContextBusProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Writes {@code <data-dir>/billing.http-port} once the web server listens, as every sample context
 * on SQLite does: the demo starts the contexts on free ports and waits for these files.
 */
@Component
class PortFile implements ApplicationListener<WebServerInitializedEvent> {
    private final ContextBusProperties properties;

    PortFile(ContextBusProperties properties) {
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (!"sqlite".equals(properties.store().type())) {
            return;
        }
        Path file = Path.of(properties.store().sqlite().directory()).resolve(properties.context() + ".http-port");
        try {
            Files.writeString(file, Integer.toString(event.getWebServer().getPort()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the port file " + file, e);
        }
    }
}
