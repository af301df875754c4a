package io.contextbus.servicebus.local.implementation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.Attach;
import org.apache.qpid.proton.amqp.transport.Begin;
import org.apache.qpid.proton.amqp.transport.Close;
import org.apache.qpid.proton.amqp.transport.Detach;
import org.apache.qpid.proton.amqp.transport.EmptyFrame;
import org.apache.qpid.proton.amqp.transport.End;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.Flow;
import org.apache.qpid.proton.amqp.transport.FrameBody;
import org.apache.qpid.proton.amqp.transport.Open;
import org.apache.qpid.proton.amqp.transport.Transfer;
import org.apache.qpid.proton.engine.TransportException;
import org.apache.qpid.proton.engine.impl.ProtocolTracer;
import org.apache.qpid.proton.framing.TransportFrame;

/**
 * Checks each frame the peer sends against the channels and handles the peer itself has begun and
 * attached, before proton-j applies it (proton-j ignores or trips over such frames). A frame out of
 * place is refused with {@link Refused}: open first and once, sessions only on channels the peer
 * has begun, links only on handles it has attached.
 */
final class PeerFrameRules implements ProtocolTracer {

    static final Symbol HANDLE_IN_USE = Symbol.valueOf("amqp:session:handle-in-use");
    static final Symbol UNATTACHED_HANDLE = Symbol.valueOf("amqp:session:unattached-handle");

    /** A frame the broker refuses; the connection is closed with {@link #condition()}. */
    static final class Refused extends TransportException {
        private final transient ErrorCondition condition;

        Refused(Symbol condition, String description) {
            super(description);
            this.condition = new ErrorCondition(condition, description);
        }

        ErrorCondition condition() {
            return condition;
        }
    }

    private final Map<Integer, Set<UnsignedInteger>> handlesByChannel = new HashMap<>();
    private boolean opened;

    @Override
    public void receivedFrame(TransportFrame frame) {
        FrameBody body = frame.getBody();
        int channel = frame.getChannel();
        if (body instanceof Open) {
            if (opened) {
                throw new Refused(AmqpError.ILLEGAL_STATE, "a second open frame");
            }
            opened = true;
            return;
        }
        if (body instanceof Close || body instanceof EmptyFrame) {
            return;
        }
        String name = body.getClass().getSimpleName().toLowerCase();
        if (!opened) {
            throw new Refused(AmqpError.ILLEGAL_STATE, "'" + name + "' before the open frame");
        }
        if (body instanceof Begin begin) {
            begin(channel, begin);
            return;
        }
        Set<UnsignedInteger> handles = handlesByChannel.get(channel);
        if (handles == null) {
            throw new Refused(AmqpError.ILLEGAL_STATE, "'" + name + "' on channel " + channel + ", which has no session");
        }
        if (body instanceof End) {
            handlesByChannel.remove(channel);
        } else if (body instanceof Attach attach) {
            if (!handles.add(attach.getHandle())) {
                throw new Refused(HANDLE_IN_USE, "attach on handle " + attach.getHandle() + ", which is attached");
            }
        } else if (body instanceof Detach detach) {
            requireAttached(handles, detach.getHandle(), name);
            handles.remove(detach.getHandle());
        } else if (body instanceof Transfer transfer) {
            requireAttached(handles, transfer.getHandle(), name);
        } else if (body instanceof Flow flow && flow.getHandle() != null) {
            requireAttached(handles, flow.getHandle(), name);
        }
    }

    private void begin(int channel, Begin begin) {
        if (begin.getRemoteChannel() != null) {
            throw new Refused(AmqpError.ILLEGAL_STATE, "begin answering channel " + begin.getRemoteChannel()
                    + ": the broker begins no sessions");
        }
        if (handlesByChannel.putIfAbsent(channel, new HashSet<>()) != null) {
            throw new Refused(AmqpError.ILLEGAL_STATE, "begin on channel " + channel + ", which has a session");
        }
    }

    private static void requireAttached(Set<UnsignedInteger> handles, UnsignedInteger handle, String name) {
        if (!handles.contains(handle)) {
            throw new Refused(UNATTACHED_HANDLE, "'" + name + "' on handle " + handle + ", which is not attached");
        }
    }

    @Override
    public void sentFrame(TransportFrame frame) {
        // only the peer's frames are checked
    }
}
