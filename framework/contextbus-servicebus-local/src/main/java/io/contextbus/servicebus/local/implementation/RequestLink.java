package io.contextbus.servicebus.local.implementation;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link a client sends requests on ($cbs or $management). Each request's response goes, with
 * correlation-id = the request's message-id, to the client's reply link named by its reply-to.
 */
final class RequestLink implements LinkHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLink.class);
    private static final int CREDIT = 100;

    private final AmqpConnection owner;
    private final Receiver receiver;
    private final RequestHandler handler;

    RequestLink(AmqpConnection owner, Receiver receiver, RequestHandler handler) {
        this.owner = owner;
        this.receiver = receiver;
        this.handler = handler;
        ReceivingLinks.open(receiver, CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        byte[] payload = ReceivingLinks.take(receiver, delivery);
        if (payload == null) {
            return;
        }
        Message request = Proton.message();
        try {
            request.decode(payload, 0, payload.length);
        } catch (RuntimeException e) {
            settle(delivery, refusal(Amqp.DECODE_ERROR, "The request could not be decoded: " + e.getMessage()));
            return;
        }
        ReplyLink reply = owner.replyLink(request.getReplyTo());
        // A request nobody can be answered on is refused at once rather than left unanswered.
        settle(delivery, reply != null ? Accepted.getInstance() : refusal(Amqp.NOT_FOUND, "No link attached on this "
                + "connection answers to the request's reply-to '" + request.getReplyTo() + "': attach a receiver "
                + "whose name or target address is it."));
        if (reply == null) {
            LOG.warn("event=noReplyLink node={} replyTo={}", address(), request.getReplyTo());
            owner.markDirty();
            return;
        }
        if (delivery.getRemoteState() instanceof TransactionalState) {
            reply.send(withCorrelation(request, Responses.error(501, Amqp.NOT_IMPLEMENTED, "Management operations "
                    + "within a transaction are not supported by the local broker (settle on the receive link, "
                    + "send on the sender link).")));
            owner.markDirty();
            return;
        }
        try {
            reply.send(respond(request));
        } catch (RuntimeException e) {
            LOG.error("event=requestFailed node={}", address(), e);
            reply.send(withCorrelation(request, Responses.error(500, Amqp.INTERNAL_ERROR,
                    "The local broker failed to handle the request: " + e)));
        }
        owner.markDirty();
    }

    private void settle(Delivery delivery, DeliveryState outcome) {
        if (!delivery.remotelySettled()) {
            delivery.disposition(outcome);
        }
        delivery.settle();
        ReceivingLinks.topUp(receiver, CREDIT);
        owner.markDirty();
    }

    private static Rejected refusal(Symbol condition, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(condition, description));
        return rejected;
    }

    private Message respond(Message request) {
        return withCorrelation(request, handler.handle(request));
    }

    private static Message withCorrelation(Message request, Message response) {
        response.setCorrelationId(request.getMessageId());
        return response;
    }

    private String address() {
        Target target = (Target) receiver.getRemoteTarget();
        return target == null ? null : target.getAddress();
    }

    @Override
    public void onGone() {
        // Requests are answered synchronously: nothing is held.
    }
}
