package io.contextbus.servicebus.local.implementation;

import java.util.Arrays;

import org.apache.qpid.proton.amqp.transport.ReceiverSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;

/**
 * What every link the broker receives on (entity sends, $cbs / $management requests, the
 * transaction coordinator) does the same way: answer the attach, take a whole delivery off the
 * link, and keep the client's credit topped up.
 */
final class ReceivingLinks {
    private ReceivingLinks() {
    }

    /** Answers the attach echoing the client's termini and sender settle mode, settling first, and grants {@code credit}. */
    static void open(Receiver receiver, int credit) {
        receiver.setSource(receiver.getRemoteSource());
        receiver.setTarget(receiver.getRemoteTarget());
        receiver.setSenderSettleMode(receiver.getRemoteSenderSettleMode());
        receiver.setReceiverSettleMode(ReceiverSettleMode.FIRST);
        receiver.open();
        receiver.flow(credit);
    }

    /** The delivery's bytes once it is complete and readable (the link then moves on), or null while it is not. */
    static byte[] take(Receiver receiver, Delivery delivery) {
        if (delivery.isPartial() || !delivery.isReadable()) {
            return null;
        }
        byte[] payload = new byte[Math.max(delivery.pending(), 0)];
        int read = Math.max(receiver.recv(payload, 0, payload.length), 0);
        receiver.advance();
        return read == payload.length ? payload : Arrays.copyOf(payload, read);
    }

    /** Grants credit back up to {@code credit} once less than half of it is left. */
    static void topUp(Receiver receiver, int credit) {
        if (receiver.getCredit() < credit / 2) {
            receiver.flow(credit - receiver.getCredit());
        }
    }
}
