/**
 * Observation hooks: {@link io.contextbus.observation.ContextBusObserver}, what the dispatcher, the
 * consumers and the replay service report, free of any metrics library.
 */
package io.contextbus.observation;
