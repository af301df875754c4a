package io.contextbus.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The carrier's calls held against shipping's carrier-status view: for every shipment the last
 * status the carrier received is the view's (status and version), the versions it received never
 * went back, and it heard of no shipment the view lacks.
 *
 * @param shipments  shipments in shipping's view
 * @param calls      calls the carrier received
 * @param events     ordering events behind the view's statuses
 * @param mismatches what differs (empty when the carrier agrees with shipping)
 * @param examples   a few shipments with their calls and the events behind them, for the report
 */
record CarrierCheck(int shipments, int calls, long events, List<String> mismatches, List<String> examples) {
    private static final int EXAMPLES = 3;

    boolean consistent() {
        return mismatches.isEmpty();
    }

    static CarrierCheck of(List<CarrierServer.Call> calls, JsonNode view) {
        Map<String, List<CarrierServer.Call>> byShipment = new LinkedHashMap<>();
        calls.forEach(c -> byShipment.computeIfAbsent(c.shipmentId(), k -> new ArrayList<>()).add(c));
        List<String> mismatches = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        long events = 0;
        for (JsonNode row : view) {
            String id = row.path("shipmentId").asText();
            String status = row.path("status").asText();
            long version = row.path("version").asLong();
            events += row.path("events").asLong();
            List<CarrierServer.Call> received = byShipment.remove(id);
            if (received == null) {
                mismatches.add(id + ": the carrier never heard of it (shipping: " + status + "@" + version + ")");
                continue;
            }
            CarrierServer.Call last = received.get(received.size() - 1);
            if (!last.status().equals(status) || last.version() != version) {
                mismatches.add(id + ": the carrier's last status is " + last.status() + "@" + last.version()
                        + ", shipping's " + status + "@" + version);
            }
            for (int i = 1; i < received.size(); i++) {
                if (received.get(i).version() < received.get(i - 1).version()) {
                    mismatches.add(id + ": versions went back: " + received);
                    break;
                }
            }
            if (examples.size() < EXAMPLES) {
                examples.add(String.format("%s: %d calls %s for %d events", id, received.size(),
                        received.stream().map(c -> c.status() + "@" + c.version()).toList(), row.path("events").asLong()));
            }
        }
        byShipment.keySet().forEach(id -> mismatches.add(id + ": the carrier was told of a shipment shipping does not know"));
        return new CarrierCheck(view.size(), calls.size(), events, mismatches, examples);
    }
}
