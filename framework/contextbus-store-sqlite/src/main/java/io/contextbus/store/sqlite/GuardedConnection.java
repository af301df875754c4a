package io.contextbus.store.sqlite;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Hands user code (an inbox applier, a read-model migration) the store's connection without the
 * calls that would end or split the store's transaction: commit, rollback, autocommit changes,
 * savepoints and close fail with an SQLException saying why. On the writer's connection,
 * {@code prepareStatement(sql)} comes from the writer's {@link StatementCache}.
 */
final class GuardedConnection {
    private static final Set<String> FORBIDDEN =
            Set.of("commit", "rollback", "setAutoCommit", "close", "setSavepoint", "releaseSavepoint", "abort");

    private GuardedConnection() {
    }

    static Connection guard(Connection connection) {
        return guard(connection, null);
    }

    /** Guards {@code connection}; its one-argument {@code prepareStatement} is served by {@code statements}. */
    static Connection guard(Connection connection, StatementCache statements) {
        Connection guarded = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> invoke(connection, statements, method, args));
        if (statements != null) {
            statements.owner(guarded);
        }
        return guarded;
    }

    private static Object invoke(Connection connection, StatementCache statements, Method method, Object[] args)
            throws Throwable {
        if (FORBIDDEN.contains(method.getName())) {
            throw new SQLException("Connection." + method.getName() + "() is not allowed here: the store owns this"
                    + " transaction and commits or rolls it back (throw to roll back).");
        }
        if (statements != null && args != null && args.length == 1 && "prepareStatement".equals(method.getName())) {
            return statements.prepare((String) args[0]);
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
