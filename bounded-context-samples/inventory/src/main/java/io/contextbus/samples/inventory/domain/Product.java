package io.contextbus.samples.inventory.domain;

import io.contextbus.samples.common.domain.Require;
import java.util.Map;
import java.util.Set;
import org.pcollections.HashPMap;
import org.pcollections.HashTreePMap;
import org.pcollections.HashTreePSet;
import org.pcollections.MapPSet;

/**
 * The stock of one product: whether it is registered, the unreserved quantity, the quantity held
 * per reservation, and the reservations already settled (rejected or released), which are never
 * reserved again.
 *
 * <p>Both collections are persistent (PCollections' hash tries): a product holds every open
 * reservation of the run and every settled one, and one change costs O(log n) of them, sharing the
 * rest with the product before, instead of a copy of all. The snapshot JSON is the same as for any
 * map and set.
 */
public record Product(
        String sku,
        boolean registered,
        int available,
        Map<ReservationKey, Integer> reservations,
        Set<ReservationKey> settled) {

    public Product {
        Require.notNegative(available, "available");
        Require.notNull(reservations, "reservations");
        Require.notNull(settled, "settled");
        reservations = reservations instanceof HashPMap<ReservationKey, Integer> p ? p : HashTreePMap.from(reservations);
        settled = settled instanceof MapPSet<ReservationKey> p ? p : HashTreePSet.from(settled);
    }

    public static final Product NONE = new Product(null, false, 0, Map.of(), Set.of());

    /** The total quantity held by open reservations. */
    public int reserved() {
        return reservations.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The product after one change: O(log n) in the open and settled reservations, sharing the rest. */
    Product with(int nextAvailable, ReservationKey reserve, int quantity, ReservationKey settle) {
        HashPMap<ReservationKey, Integer> r = (HashPMap<ReservationKey, Integer>) reservations;
        MapPSet<ReservationKey> s = (MapPSet<ReservationKey>) settled;
        if (reserve != null) {
            r = r.plus(reserve, quantity);
        }
        if (settle != null) {
            r = r.minus(settle);
            s = s.plus(settle);
        }
        return new Product(sku, registered, nextAvailable, r, s);
    }
}
