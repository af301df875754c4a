package io.contextbus.samples.inventory.domain;

import io.contextbus.samples.common.domain.Require;

/** What can be asked of a product's stock. Every command names the product (sku) it targets. */
public sealed interface ProductCommand {
    String sku();

    record RegisterProduct(String sku, int quantity) implements ProductCommand {
        public RegisterProduct {
            Require.notBlank(sku, "sku");
            Require.notNegative(quantity, "quantity");
        }
    }

    record Restock(String sku, int quantity) implements ProductCommand {
        public Restock {
            Require.notBlank(sku, "sku");
            Require.positive(quantity, "quantity");
        }
    }

    record ReserveStock(String sku, ReservationKey key, int quantity) implements ProductCommand {
        public ReserveStock {
            Require.notBlank(sku, "sku");
            Require.notNull(key, "key");
            Require.positive(quantity, "quantity");
        }
    }

    /** Compensation: give back what was reserved for {@code key}, if anything. */
    record ReleaseStock(String sku, ReservationKey key) implements ProductCommand {
        public ReleaseStock {
            Require.notBlank(sku, "sku");
            Require.notNull(key, "key");
        }
    }
}
