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
 * savepoints and close fail with an SQLException saying why.
 */
final class GuardedConnection {
    private static final Set<String> FORBIDDEN =
            Set.of("commit", "rollback", "setAutoCommit", "close", "setSavepoint", "releaseSavepoint", "abort");

    private GuardedConnection() {
    }

    static Connection guard(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> invoke(connection, method, args));
    }

    private static Object invoke(Connection connection, Method method, Object[] args) throws Throwable {
        if (FORBIDDEN.contains(method.getName())) {
            throw new SQLException("Connection." + method.getName() + "() is not allowed here: the store owns this"
                    + " transaction and commits or rolls it back (throw to roll back).");
        }
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
