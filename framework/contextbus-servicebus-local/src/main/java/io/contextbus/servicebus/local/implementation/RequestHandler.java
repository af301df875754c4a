package io.contextbus.servicebus.local.implementation;

import org.apache.qpid.proton.message.Message;

/** A request/response node ($cbs, an entity's $management): one response per request. */
interface RequestHandler {

    Message handle(Message request);
}
