package io.contextbus.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class GuardedConnectionTest {
    @Test
    void passesQueriesThroughAndRefusesTransactionControl() throws Exception {
        try (Connection real = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            Connection guarded = GuardedConnection.guard(real);

            try (Statement s = guarded.createStatement(); ResultSet rs = s.executeQuery("SELECT 41 + 1")) {
                rs.next();
                assertEquals(42, rs.getInt(1));
            }
            SQLException commit = assertThrows(SQLException.class, guarded::commit);
            assertTrue(commit.getMessage().contains("store owns this transaction"));
            assertThrows(SQLException.class, guarded::rollback);
            assertThrows(SQLException.class, () -> guarded.setAutoCommit(false));
            assertThrows(SQLException.class, guarded::close);
            assertTrue(!real.isClosed(), "the store's connection stays open");
        }
    }

    @Test
    void driverErrorsReachTheCallerUnwrapped() throws Exception {
        try (Connection real = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            Connection guarded = GuardedConnection.guard(real);
            assertThrows(SQLException.class, () -> guarded.prepareStatement("SELECT * FROM missing"));
        }
    }
}
