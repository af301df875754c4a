package io.contextbus.servicebus.local.implementation;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.Coordinator;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.contextbus.servicebus.local.implementation.entity.Broker;
import io.contextbus.servicebus.local.implementation.entity.MessageEntity;
import io.contextbus.servicebus.local.implementation.entity.SendFront;

/**
 * Turns proton-j events into broker actions: opens connections and sessions, and routes each new
 * link by its address to an entity ({@code queue}, {@code topic}, {@code topic/subscriptions/sub},
 * their {@code /$deadletterqueue}), to {@code $cbs}, to an entity's {@code $management} node, or to
 * the transaction coordinator.
 */
final class LinkRouter {

    private static final Logger LOG = LoggerFactory.getLogger(LinkRouter.class);
    private static final String MANAGEMENT = "$management";

    private final Broker broker;
    private final RequestNodes nodes;
    private final Set<AmqpConnection> connections = ConcurrentHashMap.newKeySet();
    private final BrokerStats stats;
    private final Transactions transactions = new Transactions();

    LinkRouter(Broker broker, BrokerStats stats) {
        this.broker = broker;
        this.stats = stats;
        this.nodes = new RequestNodes(broker);
    }

    void connectionOpened(AmqpConnection connection) {
        connections.add(connection);
    }

    void connectionClosed(AmqpConnection connection) {
        connections.remove(connection);
        transactions.rollBackAll(connection);
    }

    Set<AmqpConnection> connections() {
        return connections;
    }

    void handle(AmqpConnection owner, Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> openConnection(event.getConnection());
            case CONNECTION_REMOTE_CLOSE -> event.getConnection().close();
            case SESSION_REMOTE_OPEN -> openSession(event.getSession());
            case SESSION_REMOTE_CLOSE -> endSession(owner, event.getSession());
            case LINK_REMOTE_OPEN -> attach(owner, event.getLink());
            case LINK_REMOTE_DETACH, LINK_REMOTE_CLOSE -> detach(owner, event.getLink(), event.getType());
            case LINK_FLOW -> handler(event.getLink()).onFlow();
            case DELIVERY -> handler(event.getLink()).onDelivery(event.getDelivery());
            case TRANSPORT_CLOSED -> owner.markDirty();
            default -> {
                // Other events need no action from the broker.
            }
        }
    }

    private static void openConnection(Connection connection) {
        connection.setContainer("contextbus-local-servicebus");
        connection.open();
    }

    private static void openSession(Session session) {
        if (session.getLocalState() == EndpointState.UNINITIALIZED) {
            session.setIncomingCapacity(8 * 1024 * 1024);
            session.open();
        }
    }

    /** A session ended: its links are gone too, even those the peer did not detach first. */
    private static void endSession(AmqpConnection owner, Session session) {
        Link link = session.getConnection().linkHead(EnumSet.allOf(EndpointState.class),
                EnumSet.allOf(EndpointState.class));
        while (link != null) {
            if (link.getSession() == session && link.getContext() instanceof LinkHandler handler) {
                handler.onGone();
                owner.removeHandler(handler);
                link.setContext(null);
            }
            link = link.next(EnumSet.allOf(EndpointState.class), EnumSet.allOf(EndpointState.class));
        }
        session.close();
    }

    private static LinkHandler handler(Link link) {
        return link.getContext() instanceof LinkHandler handler ? handler : Unattached.INSTANCE;
    }

    private void detach(AmqpConnection owner, Link link, Event.Type type) {
        LinkHandler handler = handler(link);
        handler.onGone();
        owner.removeHandler(handler);
        if (type == Event.Type.LINK_REMOTE_DETACH) {
            link.detach();
        } else {
            link.close();
        }
    }

    private void attach(AmqpConnection owner, Link link) {
        if (link.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        if (link instanceof Receiver receiver) {
            attachIncoming(owner, receiver);
        } else {
            attachOutgoing(owner, (Sender) link);
        }
    }

    private void attachIncoming(AmqpConnection owner, Receiver receiver) {
        if (receiver.getRemoteTarget() instanceof Coordinator) {
            owner.addHandler(receiver, new CoordinatorLink(owner, receiver, transactions));
            return;
        }
        Target target = (Target) receiver.getRemoteTarget();
        if (target != null && Boolean.TRUE.equals(target.getDynamic())) {
            refuse(receiver, error(Amqp.NOT_IMPLEMENTED, "Dynamic link targets are not supported by the local "
                    + "broker: name a queue or topic."));
            return;
        }
        String path = Amqp.entityPath(target == null ? null : target.getAddress());
        if ("$cbs".equalsIgnoreCase(path)) {
            owner.addHandler(receiver, new RequestLink(owner, receiver, nodes.cbs()));
            return;
        }
        if (path != null && path.toLowerCase().endsWith("/" + MANAGEMENT)) {
            String entity = path.substring(0, path.length() - MANAGEMENT.length() - 1);
            owner.addHandler(receiver, new RequestLink(owner, receiver, nodes.management(entity)));
            return;
        }
        SendFront front = path == null ? null : broker.sendTarget(path);
        if (front == null) {
            refuse(receiver, notFound(path));
            return;
        }
        owner.addHandler(receiver, new IncomingLink(owner, receiver, front, stats, transactions));
    }

    private void attachOutgoing(AmqpConnection owner, Sender sender) {
        Source source = (Source) sender.getRemoteSource();
        if (source != null && Boolean.TRUE.equals(source.getDynamic())) {
            refuse(sender, error(Amqp.NOT_IMPLEMENTED, "Dynamic link sources are not supported by the local "
                    + "broker: name a queue, subscription or dead-letter queue."));
            return;
        }
        String path = Amqp.entityPath(source == null ? null : source.getAddress());
        if (path != null && ("$cbs".equalsIgnoreCase(path) || path.toLowerCase().endsWith("/" + MANAGEMENT))) {
            owner.addHandler(sender, new ReplyLink(owner, sender));
            return;
        }
        MessageEntity entity = path == null ? null : broker.receiveSource(path);
        if (entity == null) {
            refuse(sender, notFound(path));
            return;
        }
        Symbol unsupported = unsupportedFilter(source);
        if (unsupported != null) {
            refuse(sender, error(Amqp.NOT_IMPLEMENTED, "The source filter '" + unsupported + "' is not supported "
                    + "by the local broker (only " + Amqp.SESSION_FILTER + ")."));
            return;
        }
        OutgoingLink link = new OutgoingLink(owner, sender, entity, stats, transactions);
        owner.addHandler(sender, link);
        link.attach();
    }

    /** The first source filter other than the session filter, or null (filters are keyed by symbol). */
    private static Symbol unsupportedFilter(Source source) {
        if (source.getFilter() == null) {
            return null;
        }
        for (Object key : source.getFilter().keySet()) {
            if (!Amqp.SESSION_FILTER.equals(key)) {
                return key instanceof Symbol symbol ? symbol : Symbol.valueOf(String.valueOf(key));
            }
        }
        return null;
    }

    private static ErrorCondition notFound(String path) {
        return new ErrorCondition(Amqp.NOT_FOUND,
                "The messaging entity 'sb://localhost/" + path + "' could not be found.");
    }

    /** Answers an attach with a null terminus and detaches at once with {@code error}. */
    static void refuse(Link link, ErrorCondition error) {
        if (link instanceof Sender) {
            link.setSource(null);
            link.setTarget(link.getRemoteTarget());
        } else {
            link.setSource(link.getRemoteSource());
            link.setTarget(null);
        }
        link.open();
        link.setCondition(error);
        link.close();
        LOG.debug("event=linkRefused link={} condition={}", link.getName(), error.getCondition());
    }

    static ErrorCondition error(Symbol condition, String description) {
        return new ErrorCondition(condition, description);
    }

    /** The handler of a link the broker has not accepted (events for it are ignored). */
    private static final class Unattached implements LinkHandler {
        static final Unattached INSTANCE = new Unattached();

        @Override
        public void onGone() {
        }
    }
}
