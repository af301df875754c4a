package io.contextbus.samples.billing.service;

import io.contextbus.codec.CommitCodec;
import io.contextbus.model.Commit;
import io.contextbus.model.CommitPage;
import io.contextbus.model.Position;
import io.contextbus.servicebus.ContextBus;
import io.contextbus.store.EventStore;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP API every sample context has ({@code /health}, {@code /commits}, {@code /applied},
 * {@code /stats}, {@code /state}), in Spring MVC; {@code /health} answers from actuator's health,
 * which includes the starter's {@code contextBus} indicator.
 */
@RestController
class BillingEndpoints {
    private final EventStore store;
    private final ContextBus bus;
    private final AppliedLog<?> appliedLog;
    private final Invoices<?> invoices;
    private final InvoiceIssuer issuer;
    private final HealthEndpoint health;

    BillingEndpoints(EventStore store, ContextBus bus, AppliedLog<?> appliedLog, Invoices<?> invoices, InvoiceIssuer issuer,
                     HealthEndpoint health) {
        this.store = store;
        this.bus = bus;
        this.appliedLog = appliedLog;
        this.invoices = invoices;
        this.issuer = issuer;
        this.health = health;
    }

    @GetMapping("/health")
    ResponseEntity<Map<String, Object>> health() {
        Status status = health.health().getStatus();
        boolean up = Status.UP.equals(status);
        return ResponseEntity.status(up ? 200 : 503).body(Map.of("context", bus.context().value(),
                "status", up ? "up" : status.getCode().toLowerCase(java.util.Locale.ROOT)));
    }

    @GetMapping(value = "/commits", produces = MediaType.APPLICATION_JSON_VALUE)
    String commits(@RequestParam(defaultValue = "") String after, @RequestParam(defaultValue = "1000") int max) {
        CommitPage page = store.readAll(after.isEmpty() ? Position.BEGINNING : new Position(after),
                Math.min(Math.max(max, 1), 5000));
        StringBuilder b = new StringBuilder("{\"next\":\"").append(page.next().token()).append("\",\"commits\":[");
        for (int i = 0; i < page.commits().size(); i++) {
            Commit c = page.commits().get(i);
            b.append(i == 0 ? "" : ",").append(new String(CommitCodec.encode(bus.context(), c), StandardCharsets.UTF_8));
        }
        return b.append("]}").toString();
    }

    @GetMapping("/applied")
    List<List<Object>> applied(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "5000") int max) {
        return appliedLog.read(after, Math.min(Math.max(max, 1), 5000));
    }

    @GetMapping("/state")
    Map<String, Object> state() {
        return Map.of("invoices", invoices.all());
    }

    @GetMapping("/stats")
    Map<String, Object> stats() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("context", bus.context().value());
        s.put("inbox", Map.of("applied", appliedLog.applied()));
        bus.dispatcherStatus().ifPresent(d -> s.put("dispatcher", Map.of("commitsDispatched", d.commitsDispatched(),
                "caughtUp", d.caughtUp(), "retries", d.retries(), "state", d.state().toString())));
        bus.publisherStats().ifPresent(p -> s.put("publisher", Map.of("commits", p.commits(), "sendCalls", p.sendCalls())));
        Map<String, Object> billing = new LinkedHashMap<>(invoices.counts());
        billing.put("issuedSinceStart", issuer.issued());
        s.put("billing", billing);
        return s;
    }
}
