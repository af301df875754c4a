package io.contextbus.servicebus.local.implementation.entity;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Symbol;

/** A receiver link stand-in: fixed credit, records deliveries and what happened to its session. */
final class RecordingSink implements MessageSink, SessionRequest {

    final List<EntityMessage> delivered = new ArrayList<>();
    final List<UUID> tokens = new ArrayList<>();
    int credit;
    boolean waiting = true;
    SessionQueue session;
    Symbol refusal;
    boolean timedOut;
    String lost;
    private final boolean receiveAndDelete;

    /** Set to pump on grant, as a real link does once its attach is answered. */
    MessageEntity entity;

    RecordingSink(int credit, boolean receiveAndDelete) {
        this.credit = credit;
        this.receiveAndDelete = receiveAndDelete;
    }

    @Override
    public int credit() {
        return credit;
    }

    @Override
    public boolean receiveAndDelete() {
        return receiveAndDelete;
    }

    @Override
    public void deliver(EntityMessage message, UUID lockToken, long lockedUntil) {
        credit--;
        delivered.add(message);
        tokens.add(lockToken);
    }

    @Override
    public void sessionLost(String description) {
        lost = description;
        session = null;
    }

    @Override
    public boolean isWaiting() {
        return waiting;
    }

    @Override
    public MessageSink sink() {
        return this;
    }

    @Override
    public void granted(SessionQueue granted, long lockedUntil) {
        waiting = false;
        session = granted;
        if (entity != null) {
            entity.pump(this, granted);
        }
    }

    @Override
    public void refused(Symbol condition, String description) {
        waiting = false;
        refusal = condition;
    }

    @Override
    public void timedOut() {
        waiting = false;
        timedOut = true;
    }

    UUID lastToken() {
        return tokens.get(tokens.size() - 1);
    }
}
