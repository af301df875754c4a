package io.contextbus.replay.service.implementation;

import java.time.Duration;

/**
 * How the engine works: commits read per page (and persisted per progress write), parallel send
 * lanes (streams are spread over lanes by hash, each lane sends in order), commits per send call,
 * the shared send rate (commits/s, 0 = unlimited) and burst, replays run at once, and how often a
 * transient send failure is retried before the replay fails.
 */
record EngineSettings(int pageSize, int lanes, int chunkSize, long ratePerSecond, long burst,
                      int maxConcurrentReplays, int sendRetries, Duration retryBackoff) {
}
