package io.contextbus.samples.inventory.service;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.contextbus.samples.common.contracts.ContractJson;
import io.contextbus.samples.inventory.domain.Product;
import io.contextbus.samples.inventory.domain.ReservationKey;
import io.contextbus.samples.runtime.JsonStateCodec;
import java.io.IOException;

/**
 * A product's snapshot JSON. Its reservations are a map keyed by {@link ReservationKey}, a record,
 * which JSON object keys cannot hold as they are: the key is written {@code <orderId>#<lineNo>}
 * and read back from the last {@code #} (the line number never holds one).
 */
final class ProductState {
    static final JsonStateCodec<Product> CODEC = JsonStateCodec.of(Product.class, 1, ContractJson.mapper().copy()
            .registerModule(new SimpleModule("product-snapshots")
                    .addKeySerializer(ReservationKey.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(ReservationKey key, JsonGenerator gen, SerializerProvider p) throws IOException {
                            gen.writeFieldName(key.orderId() + "#" + key.lineNo());
                        }
                    })
                    .addKeyDeserializer(ReservationKey.class, new KeyDeserializer() {
                        @Override
                        public Object deserializeKey(String key, DeserializationContext ctx) {
                            int hash = key.lastIndexOf('#');
                            return new ReservationKey(key.substring(0, hash), Integer.parseInt(key.substring(hash + 1)));
                        }
                    })));

    private ProductState() {
    }
}
