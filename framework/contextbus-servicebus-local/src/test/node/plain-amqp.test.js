// A plain AMQP 1.0 client (rhea) against the local broker: no $cbs, no Service Bus extensions.
// Run by NodeSdkIT with the broker's connection string in CONTEXTBUS_SERVICEBUS_CONNECTION_STRING.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const rhea = require("rhea");

const TEST_TIMEOUT = { timeout: 60_000 };
let connection;

function endpoint() {
  const cs = process.env.CONTEXTBUS_SERVICEBUS_CONNECTION_STRING;
  assert.ok(cs, "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING must be set");
  const match = /Endpoint=sb:\/\/([^:;/]+):(\d+)/.exec(cs);
  assert.ok(match, `no host:port in ${cs}`);
  return { host: match[1] === "localhost" ? "127.0.0.1" : match[1], port: Number(match[2]) };
}

before(async () => {
  const { host, port } = endpoint();
  const container = rhea.create_container({ id: "plain-amqp-test" });
  connection = container.connect({ host, port, reconnect: false });
  await new Promise((resolve, reject) => {
    connection.once("connection_open", resolve);
    connection.once("connection_error", (context) => reject(context.connection.error));
    connection.once("disconnected", (context) => reject(context.error ?? new Error("disconnected")));
  });
});

after(() => {
  connection.close();
});

/** Sends each body and resolves with the outcomes the broker settled them with. */
function send(address, messages) {
  return new Promise((resolve, reject) => {
    const sender = connection.open_sender({ target: { address } });
    const outcomes = [];
    let sent = false;
    sender.on("sendable", () => {
      if (sent) {
        return;
      }
      sent = true;
      for (const message of messages) {
        sender.send(message);
      }
    });
    const settled = (kind) => (context) => {
      outcomes.push({ kind, state: context.delivery.remote_state });
      if (outcomes.length === messages.length) {
        sender.close();
        resolve(outcomes);
      }
    };
    sender.on("accepted", settled("accepted"));
    sender.on("rejected", settled("rejected"));
    sender.on("released", settled("released"));
    sender.on("modified", settled("modified"));
    sender.on("sender_error", (context) => reject(context.sender.error));
  });
}

/** Receives `count` messages (peek-lock: each accepted) and resolves with them. */
function receive(address, count) {
  return new Promise((resolve, reject) => {
    const received = [];
    const receiver = connection.open_receiver({ source: { address }, autoaccept: false, credit_window: count });
    receiver.on("message", (context) => {
      received.push(context.message);
      context.delivery.accept();
      if (received.length === count) {
        receiver.close();
        resolve(received);
      }
    });
    receiver.on("receiver_error", (context) => reject(context.receiver.error));
  });
}

/** Attaches a link and resolves with the error the broker detached it with. */
function refusal(open) {
  return new Promise((resolve, reject) => {
    const link = open();
    link.on("sender_error", (context) => resolve(context.sender.error));
    link.on("receiver_error", (context) => resolve(context.receiver.error));
    setTimeout(() => reject(new Error("the broker neither refused nor closed the link")), 30_000).unref();
  });
}

test("send to a queue and receive it back without $cbs", TEST_TIMEOUT, async () => {
  const outcomes = await send("raw-queue", [
    { message_id: "raw-1", body: "plain amqp", application_properties: { kind: "raw" } },
    { body: "no message id" },
  ]);
  assert.deepEqual(outcomes.map((o) => o.kind), ["accepted", "accepted"]);
  const [first, second] = await receive("raw-queue", 2);
  assert.equal(first.message_id, "raw-1");
  assert.equal(first.body, "plain amqp");
  assert.equal(first.application_properties.kind, "raw");
  assert.ok(first.message_annotations["x-opt-sequence-number"] > 0);
  assert.equal(second.body, "no message id");
  assert.match(String(second.message_id), /^[0-9a-f]{32}$/, "the broker gives a message without MessageId one");
});

test("send to a topic and receive from its subscription without $cbs", TEST_TIMEOUT, async () => {
  const outcomes = await send("raw.events", [{ message_id: "topic-1", body: { n: 1 } }]);
  assert.equal(outcomes[0].kind, "accepted");
  const [message] = await receive("raw.events/subscriptions/plain", 1);
  assert.equal(message.message_id, "topic-1");
  assert.deepEqual(message.body, { n: 1 });
});

test("an unknown address is refused with amqp:not-found", TEST_TIMEOUT, async () => {
  const error = await refusal(() => connection.open_sender({ target: { address: "nowhere" } }));
  assert.equal(error.condition, "amqp:not-found");
});

test("a transaction coordinator link is refused at once with amqp:not-implemented", TEST_TIMEOUT, async () => {
  const error = await refusal(() => {
    // rhea has no coordinator terminus: attach a sender whose target is one (descriptor 0x30).
    const session = connection.create_session();
    session.begin();
    const link = session.create_sender(`coordinator-${process.pid}`, {});
    link.set_source({});
    link.local.attach.target = rhea.types.wrap_described([rhea.types.wrap_symbol("amqp:local-transactions")], 0x30);
    link.attach();
    return link;
  });
  assert.equal(error.condition, "amqp:not-implemented");
  assert.match(error.description, /[Tt]ransactions/);
});

test("a source filter the broker does not know is refused with amqp:not-implemented naming it", TEST_TIMEOUT, async () => {
  const error = await refusal(() => connection.open_receiver({
    source: { address: "raw-queue", filter: rhea.filter.selector("kind = 'raw'") },
  }));
  assert.equal(error.condition, "amqp:not-implemented");
  assert.match(error.description, /selector/);
});
