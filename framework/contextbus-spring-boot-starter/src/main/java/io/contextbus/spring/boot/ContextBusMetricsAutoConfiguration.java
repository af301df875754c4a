package io.contextbus.spring.boot;

import io.contextbus.micrometer.MicrometerObserver;
import io.contextbus.observation.ContextBusObserver;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds the bus's observation hooks to the application's {@link MeterRegistry} (actuator's) when
 * {@code io.contextbus:contextbus-micrometer} is on the classpath: a {@link MicrometerObserver}
 * bean, which the {@link ContextBusAutoConfiguration} gives the bus. The meters are listed in
 * {@code docs/observability.md}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(name = {"io.contextbus.micrometer.MicrometerObserver", "io.micrometer.core.instrument.MeterRegistry"})
@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
public class ContextBusMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ContextBusObserver.class)
    ContextBusObserver contextBusObserver(MeterRegistry registry) {
        return new MicrometerObserver(registry);
    }
}
