package io.contextbus.samples.billing.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The billing context as a Spring Boot application on {@code contextbus-spring-boot-starter}: its
 * wiring is {@code application.properties} and a few beans. It consumes {@code ordering.events}
 * (an invoice per confirmed order, written with the inbox in one transaction) and publishes one
 * {@code billing.InvoiceIssued} commit per invoice to {@code billing.events}. It takes the demo's
 * arguments ({@code --data-dir}, {@code --topology}, {@code --connection-string}, {@code --replay-url})
 * and the agreed {@code CONTEXTBUS_*} variables; it stops on SIGTERM. Its read model and applied log
 * live where its store does: in the SQLite file, or with {@code CONTEXTBUS_STORE=cosmos} in its
 * Cosmos DB container (see {@link OrderingHandlers}).
 */
@SpringBootApplication
public class BillingService {

    public static void main(String[] args) {
        SpringApplication.run(BillingService.class, args);
    }
}
