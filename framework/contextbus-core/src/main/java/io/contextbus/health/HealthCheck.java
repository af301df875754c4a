package io.contextbus.health;

/**
 * A check that a context adds to its health or readiness, e.g. "not ready while the catch-up replay
 * runs". Called on the thread that asks for the report, so it must answer quickly (read state that
 * something else keeps up to date; never call a remote service).
 */
@FunctionalInterface
public interface HealthCheck {
    /** The component's health now. */
    ComponentHealth check();
}
