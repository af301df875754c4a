package io.contextbus.servicebus.local.implementation;

import java.util.ArrayDeque;

import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;

import io.contextbus.servicebus.local.implementation.codec.AmqpCodec;

/**
 * The link responses go out on. Clients name it in a request's reply-to in one of two ways, both
 * seen from official SDKs: by the link's target address (the Java SDK: target
 * {@code cbs-client-reply-to}) or by the link's name, with no target address (the Node SDK:
 * {@code cbs-<uuid>}); the link answers to both. Responses wait for credit; they are sent settled
 * when the client asked for settled deliveries.
 */
final class ReplyLink implements LinkHandler {

    private final AmqpConnection owner;
    private final Sender sender;
    private final String address;
    private final String name;
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long tag;

    ReplyLink(AmqpConnection owner, Sender sender) {
        this.owner = owner;
        this.sender = sender;
        Target target = (Target) sender.getRemoteTarget();
        this.address = target == null ? null : target.getAddress();
        this.name = sender.getName();
        sender.setSource(sender.getRemoteSource());
        sender.setTarget(sender.getRemoteTarget());
        sender.setSenderSettleMode(sender.getRemoteSenderSettleMode());
        sender.setReceiverSettleMode(sender.getRemoteReceiverSettleMode());
        sender.open();
        if (address != null) {
            owner.addReplyLink(address, this);
        }
        owner.addReplyLink(name, this);
    }

    /** Encodes and queues a response (encoding errors surface here, before anything is queued). */
    void send(Message response) {
        byte[] encoded = AmqpCodec.local().encode(enc -> writeSections(enc, response));
        pending.addLast(encoded);
        onFlow();
    }

    private static void writeSections(org.apache.qpid.proton.codec.EncoderImpl enc, Message message) {
        if (message.getProperties() != null) {
            enc.writeObject(message.getProperties());
        }
        if (message.getApplicationProperties() != null) {
            enc.writeObject(message.getApplicationProperties());
        }
        if (message.getBody() != null) {
            enc.writeObject(message.getBody());
        }
    }

    @Override
    public void onFlow() {
        while (!pending.isEmpty() && sender.getCredit() > 0) {
            byte[] bytes = pending.pollFirst();
            Delivery delivery = sender.delivery(Long.toString(tag++).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sender.send(bytes, 0, bytes.length);
            sender.advance();
            if (sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED) {
                delivery.settle();
            }
        }
        owner.markDirty();
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.remotelySettled()) {
            delivery.settle();
        }
    }

    @Override
    public void onGone() {
        if (address != null) {
            owner.removeReplyLink(address, this);
        }
        owner.removeReplyLink(name, this);
    }
}
