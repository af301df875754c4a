package io.contextbus.samples.chaos;

/**
 * One poison event the soak injected: its commit (a stream of its own on {@code source}'s topic,
 * sent to {@code consumer} only), the reason the consumer parked it with, and the operator's
 * resolution (a skip, recorded with who and why).
 */
record Poison(String source, String consumer, String streamId, String parkedReason, String resolution) {
    @Override
    public String toString() {
        return consumer + " parked " + source + "/" + streamId + ":1 (" + parkedReason + ") -> " + resolution;
    }
}
