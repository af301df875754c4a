package io.contextbus.samples.demo;

/**
 * The figures the demo reports, gathered while it runs.
 *
 * @param orders                orders placed
 * @param placeSeconds          time spent placing them (both phases)
 * @param purged                messages purged from shipping's subscription (the fault)
 * @param replayed              commits the replay service resent to shipping
 * @param convergeSeconds       time from the replay request until every check passed
 * @param endToEndSeconds       time from the first order until every check passed
 * @param gapReplaysBefore      gap-repair replays shipping had asked for before it was stopped
 * @param duplicatesBefore      duplicates shipping's inbox had dropped before it was stopped
 */
record DemoFigures(int orders, double placeSeconds, int purged, long replayed, double convergeSeconds,
                   double endToEndSeconds, long gapReplaysBefore, long duplicatesBefore) {
}
