package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatementCacheTest {
    private static final String INSERT = "INSERT INTO t (k, v) VALUES (?, ?)";
    private static final String SELECT = "SELECT v FROM t WHERE k >= ? ORDER BY k";

    private Connection real;
    private final List<String> parsed = new ArrayList<>();
    private StatementCache cache;
    private Connection guarded;

    @BeforeEach
    void open() throws SQLException {
        real = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = real.createStatement()) {
            s.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)");
        }
        // counts what reaches the driver's prepareStatement, i.e. what SQLite parses
        Connection counting = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if ("prepareStatement".equals(method.getName())) {
                        parsed.add((String) args[0]);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        cache = new StatementCache(counting);
        guarded = GuardedConnection.guard(counting, cache);
    }

    @AfterEach
    void close() throws SQLException {
        cache.close();
        real.close();
    }

    @Test
    void the_same_sql_in_later_jobs_is_parsed_once() throws SQLException {
        for (int k = 1; k <= 5; k++) {
            try (PreparedStatement p = guarded.prepareStatement(INSERT)) {
                p.setInt(1, k);
                p.setString(2, "v" + k);
                assertEquals(1, p.executeUpdate());
            }
            cache.endJob();
        }
        assertEquals(List.of(INSERT), parsed);
        assertEquals(List.of("v3", "v4", "v5"), values(3));
    }

    @Test
    void a_closed_statement_refuses_further_use_and_says_so() throws SQLException {
        PreparedStatement p = guarded.prepareStatement(INSERT);
        p.close();
        assertTrue(p.isClosed());
        SQLException e = assertThrows(SQLException.class, () -> p.setInt(1, 1));
        assertTrue(e.getMessage().contains("statement is closed"), e.getMessage());
    }

    @Test
    void parameters_do_not_carry_over_to_the_next_use() throws SQLException {
        try (PreparedStatement p = guarded.prepareStatement(INSERT)) {
            p.setInt(1, 1);
            p.setString(2, "one");
            p.executeUpdate();
        }
        try (PreparedStatement p = guarded.prepareStatement(INSERT)) {
            p.setInt(1, 2);
            // the second parameter is not set again: it must not be "one" from the last use
            p.executeUpdate();
        }
        assertEquals(1, parsed.size());
        try (Statement s = real.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM t WHERE k = 2")) {
            assertTrue(r.next());
            assertEquals(null, r.getString(1));
        }
    }

    @Test
    void a_statement_left_open_mid_result_is_reset_when_the_job_ends() throws SQLException {
        insert(1, 2, 3);
        PreparedStatement leaked = guarded.prepareStatement(SELECT);
        leaked.setInt(1, 1);
        ResultSet half = leaked.executeQuery();
        assertTrue(half.next());
        cache.endJob();

        assertTrue(leaked.isClosed());
        assertThrows(SQLException.class, () -> leaked.setInt(1, 1));
        assertEquals(List.of("v2", "v3"), values(2));
        assertEquals(1, parsed.stream().filter(SELECT::equals).count());
    }

    @Test
    void the_same_sql_twice_at_once_gets_two_statements() throws SQLException {
        insert(1, 2);
        try (PreparedStatement outer = guarded.prepareStatement(SELECT)) {
            outer.setInt(1, 1);
            try (ResultSet o = outer.executeQuery()) {
                assertTrue(o.next());
                try (PreparedStatement inner = guarded.prepareStatement(SELECT)) {
                    assertNotSame(outer, inner);
                    inner.setInt(1, 2);
                    try (ResultSet i = inner.executeQuery()) {
                        assertTrue(i.next());
                        assertEquals("v2", i.getString(1));
                    }
                }
                assertEquals("v1", o.getString(1));
                assertTrue(o.next());
                assertEquals("v2", o.getString(1));
            }
        }
        assertEquals(2, parsed.stream().filter(SELECT::equals).count());
        // the outer one is kept; the plain inner one was closed by its user
        values(1);
        assertEquals(2, parsed.stream().filter(SELECT::equals).count());
    }

    @Test
    void a_statement_whose_settings_were_changed_is_not_reused() throws SQLException {
        insert(1, 2, 3);
        try (PreparedStatement p = guarded.prepareStatement(SELECT)) {
            p.setMaxRows(1);
            p.setInt(1, 1);
            try (ResultSet r = p.executeQuery()) {
                assertTrue(r.next());
                assertFalse(r.next());
            }
        }
        assertEquals(List.of("v1", "v2", "v3"), values(1), "max rows must not reach the next user");
        assertEquals(2, parsed.stream().filter(SELECT::equals).count());
    }

    @Test
    void the_least_recently_used_sql_beyond_the_capacity_is_closed() throws SQLException {
        PreparedStatement first = null;
        for (int i = 0; i <= StatementCache.CAPACITY; i++) {
            PreparedStatement p = guarded.prepareStatement("SELECT " + i);
            p.close();
            if (i == 0) {
                first = p;
            }
        }
        assertEquals(StatementCache.CAPACITY, cache.size());
        assertTrue(first.isClosed());
        guarded.prepareStatement("SELECT 0").close();
        assertEquals(StatementCache.CAPACITY + 2, parsed.size(), "SELECT 0 was evicted, so it is parsed again");
    }

    @Test
    void a_lent_statement_leads_back_to_the_guarded_connection() throws SQLException {
        try (PreparedStatement p = guarded.prepareStatement(INSERT)) {
            assertSame(guarded, p.getConnection());
            assertThrows(SQLException.class, () -> p.getConnection().commit());
        }
    }

    private void insert(int... keys) throws SQLException {
        for (int k : keys) {
            try (PreparedStatement p = guarded.prepareStatement(INSERT)) {
                p.setInt(1, k);
                p.setString(2, "v" + k);
                p.executeUpdate();
            }
        }
        cache.endJob();
    }

    private List<String> values(int from) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement p = guarded.prepareStatement(SELECT)) {
            p.setInt(1, from);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    values.add(r.getString(1));
                }
            }
        }
        cache.endJob();
        return values;
    }
}
