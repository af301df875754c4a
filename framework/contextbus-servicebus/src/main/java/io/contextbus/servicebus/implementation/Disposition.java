package io.contextbus.servicebus.implementation;

import io.contextbus.servicebus.DeadLetterReason;

/** What to do with a received message once the pipeline has decided. */
public sealed interface Disposition {

    /** Done with it (applied, a duplicate, or stashed ahead of a gap): remove it from the subscription. */
    record Complete(String outcome) implements Disposition {
    }

    /** Give it back for another delivery; the broker dead-letters it after the max delivery count. */
    record Abandon(String why) implements Disposition {
    }

    /** Move it to the dead-letter queue now: retrying cannot help. */
    record DeadLetter(DeadLetterReason reason, String description) implements Disposition {
        /** Service Bus keeps application properties small; a description never needs more. */
        static final int MAX_DESCRIPTION = 1024;

        public DeadLetter {
            if (description.length() > MAX_DESCRIPTION) {
                description = description.substring(0, MAX_DESCRIPTION - 3) + "...";
            }
        }
    }
}
