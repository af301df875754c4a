package io.contextbus.servicebus;

import io.contextbus.error.ContextBusException;
import io.contextbus.topology.TopologyViolation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The topology a context is about to run on would break a contextbus promise (duplicate detection
 * off, a dedupe window shorter than the dispatcher's retry horizon, a consumed subscription without
 * sessions, the replay rule missing...). Lists every problem found; nothing was started. Never transient.
 */
public class UnsafeTopologyException extends ContextBusException {
    private final transient List<TopologyViolation> violations;

    public UnsafeTopologyException(String what, List<TopologyViolation> violations) {
        super(what + " is unsafe for contextbus:\n  " + violations.stream().map(TopologyViolation::toString)
                .collect(Collectors.joining("\n  ")), false);
        this.violations = List.copyOf(violations);
    }

    /** Each problem, with the topology-file path of the element at fault. */
    public List<TopologyViolation> violations() {
        return violations;
    }
}
