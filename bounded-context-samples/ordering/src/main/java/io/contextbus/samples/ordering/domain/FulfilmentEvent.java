package io.contextbus.samples.ordering.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.List;

/**
 * What the fulfilment process hears about one order, from two independent sources: the order's
 * own stream (confirmation requested, order closed) and inventory's product streams (a line
 * reserved or rejected). Across those streams nothing is ordered, so any of them may come first.
 */
public sealed interface FulfilmentEvent {
    String orderId();

    /** The order was submitted with these line numbers. */
    record ConfirmationRequested(String orderId, List<Integer> lineNos) implements FulfilmentEvent {
        public ConfirmationRequested {
            Require.notBlank(orderId, "orderId");
            lineNos = List.copyOf(Require.notNull(lineNos, "lineNos"));
        }
    }

    record LineReserved(String orderId, int lineNo) implements FulfilmentEvent {
        public LineReserved {
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
        }
    }

    record LineRejected(String orderId, int lineNo, String sku, int requested, int available)
            implements FulfilmentEvent {
        public LineRejected {
            Require.notBlank(orderId, "orderId");
            Require.positive(lineNo, "lineNo");
            Require.notBlank(sku, "sku");
        }
    }

    /** The order reached a final state (confirmed or cancelled, by anyone). */
    record OrderClosed(String orderId, OrderStatus finalStatus) implements FulfilmentEvent {
        public OrderClosed {
            Require.notBlank(orderId, "orderId");
            Require.notNull(finalStatus, "finalStatus");
            if (!finalStatus.isFinal()) {
                throw new IllegalArgumentException("'finalStatus' must be CONFIRMED or CANCELLED but was "
                        + finalStatus + ".");
            }
        }
    }
}
