package io.contextbus.dispatch;

import io.contextbus.error.ContextBusException;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Logs a failure of the dispatch loop once, where it starts: the same failure of the same batch
 * repeated by every retry is logged at debug only, and the recovery is logged once.
 */
final class FailureLog {
    private final Logger log;
    private final String context;
    private String lastKey;
    private int repeats;

    FailureLog(Logger log, String context) {
        this.log = log;
        this.context = context;
    }

    void failed(String step, String at, Throwable e) {
        // Not the message: drivers put request ids and timestamps in it, which would defeat "once".
        String key = step + '|' + at + '|' + e.getClass().getName();
        if (Objects.equals(key, lastKey)) {
            repeats++;
            log.debug("dispatch failed again context={} step={} at={} repeats={} error=\"{}\"",
                    context, step, at, repeats, e.toString());
            return;
        }
        lastKey = key;
        repeats = 0;
        boolean transientFailure = !(e instanceof ContextBusException c) || c.isTransient();
        if (transientFailure) {
            log.warn("dispatch failed, retrying with backoff context={} step={} at={} transient=true error=\"{}\"",
                    context, step, at, e.toString());
        } else {
            log.error("dispatch failed, retrying with backoff context={} step={} at={} transient=false",
                    context, step, at, e);
        }
    }

    void succeeded(String at) {
        if (lastKey != null) {
            log.info("dispatch recovered context={} at={} repeatedFailures={}", context, at, repeats);
            lastKey = null;
            repeats = 0;
        }
    }
}
