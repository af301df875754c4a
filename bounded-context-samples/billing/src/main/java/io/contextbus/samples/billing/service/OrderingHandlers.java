package io.contextbus.samples.billing.service;

import io.contextbus.handler.HandlerResult;
import io.contextbus.samples.common.contracts.OrderingContract;
import io.contextbus.samples.common.contracts.OrderingContract.OrderConfirmed;
import io.contextbus.spring.boot.ContextBusHandler;
import java.sql.Connection;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What billing does with ordering's events: a confirmed order gets its invoice, written in the
 * inbox transaction. Every other ordering event is skipped ({@code contextbus.unknown-events=skip},
 * the starter's default), though its commit still counts as applied.
 */
@Configuration(proxyBeanMethods = false)
class OrderingHandlers {

    @Bean
    ContextBusHandler<OrderConfirmed, Connection> invoiceConfirmedOrder(Invoices invoices) {
        return ContextBusHandler.on(OrderingContract.CONTEXT, OrderConfirmed.class, (event, context) -> {
            invoices.add(context.transaction(), event);
            return HandlerResult.HANDLED;
        });
    }
}
