package io.contextbus.health;

/** Whether a component (or the whole of a context) works as it should: {@link #UP} or {@link #DOWN}. */
public enum HealthStatus {
    /** Works; for readiness: ready to take traffic. */
    UP,
    /** Does not work, or (for readiness) is not ready yet; the component's detail says why. */
    DOWN
}
