package io.contextbus.samples.inventory.domain;

import io.contextbus.samples.common.domain.Decider;
import io.contextbus.samples.common.domain.DomainRuleException;
import io.contextbus.samples.inventory.domain.ProductCommand.RegisterProduct;
import io.contextbus.samples.inventory.domain.ProductCommand.ReleaseStock;
import io.contextbus.samples.inventory.domain.ProductCommand.ReserveStock;
import io.contextbus.samples.inventory.domain.ProductCommand.Restock;
import io.contextbus.samples.inventory.domain.ProductEvent.ProductRegistered;
import io.contextbus.samples.inventory.domain.ProductEvent.StockReleased;
import io.contextbus.samples.inventory.domain.ProductEvent.StockReservationRejected;
import io.contextbus.samples.inventory.domain.ProductEvent.StockReserved;
import io.contextbus.samples.inventory.domain.ProductEvent.StockRestocked;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a product's stock: stock is never negative; a reservation either holds its whole
 * quantity or is rejected (an unknown product rejects every reservation, so the order can be
 * cancelled); each (order, line) is reserved at most once, and released at most once, and never
 * reserved again after it was settled. Repeated commands cause no events.
 */
public final class ProductDecider implements Decider<ProductCommand, Product, ProductEvent> {

    @Override
    public Product initialState() {
        return Product.NONE;
    }

    @Override
    public List<ProductEvent> decide(ProductCommand command, Product product) {
        if (command instanceof RegisterProduct register) {
            if (product.registered()) {
                throw new DomainRuleException("product-exists", "Product " + register.sku() + " is already registered.");
            }
            return List.of(new ProductRegistered(register.sku(), register.quantity()));
        }
        if (command instanceof Restock restock) {
            if (!product.registered()) {
                throw new DomainRuleException("product-unknown", "Product " + restock.sku() + " is not registered.");
            }
            return List.of(new StockRestocked(restock.sku(), restock.quantity(), product.available() + restock.quantity()));
        }
        if (command instanceof ReserveStock reserve) {
            return reserve(reserve, product);
        }
        return release((ReleaseStock) command, product);
    }

    private static List<ProductEvent> reserve(ReserveStock reserve, Product product) {
        ReservationKey key = reserve.key();
        if (product.reservations().containsKey(key) || product.settled().contains(key)) {
            return List.of();
        }
        if (!product.registered() || product.available() < reserve.quantity()) {
            return List.of(new StockReservationRejected(reserve.sku(), key.orderId(), key.lineNo(), reserve.quantity(),
                    product.available()));
        }
        return List.of(new StockReserved(reserve.sku(), key.orderId(), key.lineNo(), reserve.quantity(),
                product.available() - reserve.quantity()));
    }

    private static List<ProductEvent> release(ReleaseStock release, Product product) {
        Integer held = product.reservations().get(release.key());
        if (held == null) {
            return List.of();
        }
        return List.of(new StockReleased(release.sku(), release.key().orderId(), release.key().lineNo(), held,
                product.available() + held));
    }

    @Override
    public Product evolve(Product product, ProductEvent event) {
        if (event instanceof ProductRegistered registered) {
            return new Product(registered.sku(), true, registered.quantity(), Map.of(), Set.of());
        }
        if (event instanceof StockRestocked restocked) {
            return product.with(restocked.available(), null, 0, null);
        }
        if (event instanceof StockReserved reserved) {
            return product.with(reserved.available(), reserved.key(), reserved.quantity(), null);
        }
        if (event instanceof StockReservationRejected rejected) {
            Product known = product.sku() == null
                    ? new Product(rejected.sku(), false, 0, Map.of(), Set.of()) : product;
            return known.with(known.available(), null, 0, rejected.key());
        }
        StockReleased released = (StockReleased) event;
        return product.with(released.available(), null, 0, released.key());
    }
}
