package io.contextbus.opentelemetry.implementation;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute names of the OpenTelemetry messaging semantic conventions (and contextbus's own, under
 * {@code contextbus.}), written out here because the semantic-conventions artifact is not a stable
 * API to depend on.
 */
final class Messaging {
    static final String SYSTEM_SERVICEBUS = "servicebus";

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> SUBSCRIPTION = AttributeKey.stringKey("messaging.destination.subscription.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("messaging.message.conversation_id");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    static final AttributeKey<String> SOURCE = AttributeKey.stringKey("contextbus.source");
    static final AttributeKey<String> STREAM = AttributeKey.stringKey("contextbus.stream_id");
    static final AttributeKey<Long> SEQUENCE = AttributeKey.longKey("contextbus.commit_sequence");
    static final AttributeKey<String> COMMIT_ID = AttributeKey.stringKey("contextbus.commit_id");
    static final AttributeKey<String> DELIVERY = AttributeKey.stringKey("contextbus.delivery");
    static final AttributeKey<String> REPLAY_ID = AttributeKey.stringKey("contextbus.replay_id");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("contextbus.outcome");

    /** The replay id property of a replayed message (the Service Bus adapter's {@code cb_replay_id}). */
    static final String REPLAY_ID_PROPERTY = "cb_replay_id";

    private Messaging() {
    }
}
