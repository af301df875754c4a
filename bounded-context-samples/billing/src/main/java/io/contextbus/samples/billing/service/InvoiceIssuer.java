package io.contextbus.samples.billing.service;

import io.contextbus.model.CommitAttempt;
import io.contextbus.model.StreamId;
import io.contextbus.samples.common.contracts.BillingContract;
import io.contextbus.samples.common.contracts.BillingContract.InvoiceIssued;
import io.contextbus.serialization.EventCodec;
import io.contextbus.serialization.EventTypeRegistry;
import io.contextbus.store.EventStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes billing's own commits: for each invoice not yet issued, it appends commit 1 of the
 * stream {@code invoice-<orderId>} holding {@code InvoiceIssued} (the bus's dispatcher then
 * publishes it to {@code billing.events}), then marks the invoice issued. The commitId is derived
 * from the order id, so an append repeated after a crash between the two steps is idempotent: the
 * store returns the commit it holds and no second invoice commit exists.
 */
@Component
class InvoiceIssuer implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceIssuer.class);
    static final EventCodec CODEC = new EventCodec(EventTypeRegistry.builder().register(InvoiceIssued.class).build());

    private final EventStore store;
    private final Invoices<?> invoices;
    private final Semaphore wake = new Semaphore(0);
    private final AtomicLong issued = new AtomicLong();
    private volatile boolean running;
    private Thread thread;
    private AutoCloseable listener;

    InvoiceIssuer(EventStore store, Invoices<?> invoices) {
        this.store = store;
        this.invoices = invoices;
    }

    @Override
    public synchronized void start() {
        running = true;
        listener = store.onAppend(wake::release);
        thread = new Thread(this::run, "billing-invoice-issuer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                List<Invoices.Invoice> batch = invoices.unissued(200);
                for (Invoices.Invoice i : batch) {
                    store.append(new CommitAttempt(StreamId.of(BillingContract.streamOf(i.orderId())), 1, 1,
                            UUID.nameUUIDFromBytes(("invoice:" + i.orderId()).getBytes(StandardCharsets.UTF_8)),
                            Instant.now(), Map.of(), List.of(CODEC.encode(new InvoiceIssued(i.orderId(), i.lines(), i.quantity())))));
                }
                if (!batch.isEmpty()) {
                    invoices.markIssued(batch);
                    issued.addAndGet(batch.size());
                    continue;
                }
                // Woken by appends (the inbox's transactions do not append, so also every 200 ms).
                wake.tryAcquire(200, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("issuing invoices failed, retrying error=\"{}\"", e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long issued() {
        return issued.get();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (listener != null) {
                listener.close();
            }
        } catch (Exception e) {
            LOG.warn("closing the append listener failed error=\"{}\"", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
