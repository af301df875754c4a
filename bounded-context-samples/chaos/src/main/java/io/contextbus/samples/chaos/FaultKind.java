package io.contextbus.samples.chaos;

/** The faults the soak injects, each counted in its report. */
public enum FaultKind {
    KILL_ORDERING("SIGKILL ordering (its dispatcher with it)"),
    KILL_INVENTORY("SIGKILL inventory (its dispatcher with it)"),
    KILL_SHIPPING("SIGKILL shipping (its dispatcher with it)"),
    KILL_BILLING("SIGKILL billing (its dispatcher with it)"),
    KILL_REPLAY("SIGKILL the replay service"),
    KILL_BROKER("SIGKILL the broker (all its messages lost)"),
    PURGE_SUBSCRIPTION("purge a subscription"),
    DUPLICATES("duplicate a stream's commits"),
    REORDER("reorder a stream's commits (later first)"),
    POISON("poison event, parked, skipped by the operator");

    private final String description;

    FaultKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The context this kind kills, or null when it kills none. */
    String killedContext() {
        return switch (this) {
            case KILL_ORDERING -> "ordering";
            case KILL_INVENTORY -> "inventory";
            case KILL_SHIPPING -> "shipping";
            case KILL_BILLING -> "billing";
            default -> null;
        };
    }
}
