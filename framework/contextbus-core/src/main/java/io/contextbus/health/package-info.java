/**
 * Health and readiness reports of a context, free of any monitoring library: the Service Bus
 * adapter's {@code ContextBus.health()} and {@code readiness()} return them, and a health endpoint
 * (the samples', Spring Boot Actuator's) maps them to its own format.
 */
package io.contextbus.health;
