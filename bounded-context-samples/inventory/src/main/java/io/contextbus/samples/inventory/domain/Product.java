package io.contextbus.samples.inventory.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The stock of one product: whether it is registered, the unreserved quantity, the quantity held
 * per reservation, and the reservations already settled (rejected or released), which are never
 * reserved again.
 */
public record Product(
        String sku,
        boolean registered,
        int available,
        Map<ReservationKey, Integer> reservations,
        Set<ReservationKey> settled) {

    public Product {
        Require.notNegative(available, "available");
        reservations = Map.copyOf(Require.notNull(reservations, "reservations"));
        settled = Set.copyOf(Require.notNull(settled, "settled"));
    }

    public static final Product NONE = new Product(null, false, 0, Map.of(), Set.of());

    /** The total quantity held by open reservations. */
    public int reserved() {
        return reservations.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * The product after one change. Only a collection that changes is copied (the constructor keeps an
     * immutable one as it is): a product holds every open reservation of the run, so copying both on
     * every reservation made inventory's CPU per order grow with the orders placed.
     */
    Product with(int nextAvailable, ReservationKey reserve, int quantity, ReservationKey settle) {
        Map<ReservationKey, Integer> r = reservations;
        Set<ReservationKey> s = settled;
        if (reserve != null || settle != null) {
            r = new HashMap<>(reservations);
        }
        if (reserve != null) {
            r.put(reserve, quantity);
        }
        if (settle != null) {
            r.remove(settle);
            s = new HashSet<>(settled);
            s.add(settle);
        }
        return new Product(sku, registered, nextAvailable, r, s);
    }
}
