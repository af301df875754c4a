package io.contextbus.spring.boot;

import io.contextbus.servicebus.ContextBus;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Registers {@link ContextBusHealthIndicator} when actuator is on the classpath. */
@AutoConfiguration(after = ContextBusAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(ContextBus.class)
public class ContextBusHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "contextBusHealthIndicator")
    ContextBusHealthIndicator contextBusHealthIndicator(ContextBus bus) {
        return new ContextBusHealthIndicator(bus);
    }
}
