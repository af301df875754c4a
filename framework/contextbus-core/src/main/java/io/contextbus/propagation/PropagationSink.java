package io.contextbus.propagation;

/**
 * The external system a {@link DebouncedPropagation} pushes to. It receives an entity's latest state
 * at least once per quiet period: the same version may arrive twice (a crash after the call, before
 * the mark was cleared) and intermediate versions are skipped, so it must be idempotent and accept
 * "latest state wins". Throwing means "not accepted": the push is retried with backoff.
 *
 * @param <S> the state it receives
 */
@FunctionalInterface
public interface PropagationSink<S> {

    /** Accepts {@code state}, the state of {@code entity} at {@code version} or later. */
    void push(String entity, long version, S state) throws Exception;
}
