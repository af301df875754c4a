package io.contextbus.samples.ordering.service;

import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.ordering.domain.Fulfilment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fulfilment process's memory on SQLite, one row per order in ordering's database, read and
 * written through the caller's transaction (the inbox's or the own-events projection's); and its
 * JSON form, which the Cosmos DB document holds too.
 */
final class FulfilmentRows {
    /** The row's JSON form: plain lists and maps, no Optional. */
    record Row(String orderId, List<Integer> expected, List<Integer> reserved, Map<Integer, String> rejected,
               String decision) {
    }

    private FulfilmentRows() {
    }

    static void createTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS sample_fulfilment (order_id TEXT PRIMARY KEY, state TEXT NOT NULL)");
        }
    }

    static Fulfilment load(Connection tx, String orderId) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("SELECT state FROM sample_fulfilment WHERE order_id = ?")) {
            p.setString(1, orderId);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Fulfilment.start(orderId);
                }
                return fromJson(r.getString(1));
            }
        }
    }

    static Fulfilment fromJson(String json) {
        Row row = ContractJson.read(json, Row.class);
        return new Fulfilment(row.orderId(), Optional.ofNullable(row.expected()).map(Set::copyOf),
                Set.copyOf(row.reserved()), row.rejected(), Fulfilment.Decision.valueOf(row.decision()));
    }

    static String toJson(Fulfilment f) {
        return ContractJson.write(new Row(f.orderId(), f.expectedLines().map(s -> s.stream().sorted().toList()).orElse(null),
                f.reservedLines().stream().sorted().toList(), f.rejectedLines(), f.decision().name()));
    }

    static void save(Connection tx, Fulfilment f) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement("INSERT INTO sample_fulfilment (order_id, state) VALUES (?, ?)"
                + " ON CONFLICT(order_id) DO UPDATE SET state = excluded.state")) {
            p.setString(1, f.orderId());
            p.setString(2, toJson(f));
            p.executeUpdate();
        }
    }
}
