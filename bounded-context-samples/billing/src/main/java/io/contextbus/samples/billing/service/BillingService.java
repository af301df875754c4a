package io.contextbus.samples.billing.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The billing context as a Spring Boot application on {@code contextbus-spring-boot-starter}: its
 * wiring is {@code application.properties} and a few beans. It consumes {@code ordering.events}
 * (an invoice per confirmed order, written with the inbox in one transaction) and publishes one
 * {@code billing.InvoiceIssued} commit per invoice to {@code billing.events}. It takes the demo's
 * arguments ({@code --data-dir}, {@code --topology}, {@code --connection-string}, {@code --replay-url})
 * and the agreed {@code CONTEXTBUS_*} variables; it stops on SIGTERM. Its read model, applied log
 * and invoice issuer are written for SQLite only, so it refuses {@code CONTEXTBUS_STORE=cosmos}.
 */
@SpringBootApplication
public class BillingService {

    public static void main(String[] args) {
        String store = System.getenv("CONTEXTBUS_STORE");
        if (store != null && !store.isBlank() && !store.equals("sqlite")) {
            throw new IllegalStateException("'CONTEXTBUS_STORE' is '" + store + "' but the billing sample keeps its"
                    + " invoices and applied log in SQLite only: unset it or set 'sqlite'.");
        }
        SpringApplication.run(BillingService.class, args);
    }
}
