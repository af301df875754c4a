package io.contextbus.dispatch;

import io.contextbus.error.ContextBusException;

/** Raised inside the dispatcher to abandon a batch because it is closing; never escapes it. */
final class DispatcherStoppedException extends ContextBusException {
    DispatcherStoppedException() {
        super("The dispatcher is closing; the batch is abandoned without a checkpoint.", false);
    }
}
