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

/** An encoded message whose amqp-value body (0x77) is a described list (rhea's message encoder drops the descriptor). */
function valueMessage(descriptor, fields) {
  const writer = new rhea.types.Writer();
  writer.write(rhea.types.wrap_described(fields, descriptor));
  return Buffer.concat([Buffer.from([0x00, 0x53, 0x77]), writer.toBuffer()]);
}

// rhea knows no transaction outcomes: keep a Declared (0x33) as { declared: <txn-id> } instead of dropping it.
const unwrapOutcome = rhea.message.unwrap_outcome;
rhea.message.unwrap_outcome = (outcome) =>
  outcome && outcome.descriptor && Number(outcome.descriptor.value) === 0x33
    ? { declared: outcome.value[0] }
    : unwrapOutcome(outcome);

const outcomeName = (state) => state && state.constructor && state.constructor.composite_type;

test("a transaction is declared and discharged on a coordinator link", TEST_TIMEOUT, async () => {
  // rhea has no coordinator terminus: attach a sender whose target is one (descriptor 0x30).
  const session = connection.create_session();
  session.begin();
  const coordinator = session.create_sender(`coordinator-${process.pid}`, {});
  coordinator.set_source({});
  coordinator.local.attach.target = rhea.types.wrap_described([rhea.types.wrap_symbol("amqp:local-transactions")], 0x30);
  coordinator.attach();
  await new Promise((resolve) => coordinator.once("sendable", resolve));
  const outcome = (payload) => new Promise((resolve) => {
    const delivery = coordinator.send(payload, undefined, 0);
    coordinator.on("settled", function settled(context) {
      if (context.delivery === delivery) {
        coordinator.removeListener("settled", settled);
        resolve(context.delivery.remote_state);
      }
    });
  });
  // Declare (0x31) is answered Declared (0x33) holding the transaction id.
  const declared = await outcome(valueMessage(0x31, [null]));
  assert.ok(declared && Buffer.isBuffer(declared.declared.value), `not Declared: ${JSON.stringify(declared)}`);
  const txnId = declared.declared;
  // Discharge (0x32) with fail = true (a rollback) is answered Accepted.
  const discharged = await outcome(valueMessage(0x32, [txnId, true]));
  assert.equal(outcomeName(discharged), "accepted");
  // The same id again is unknown now: Rejected with amqp:transaction:unknown-id.
  const again = await outcome(valueMessage(0x32, [txnId, false]));
  assert.equal(outcomeName(again), "rejected");
  assert.equal(again.error.condition, "amqp:transaction:unknown-id");
  coordinator.close();
});

test("a source filter the broker does not know is refused with amqp:not-implemented naming it", TEST_TIMEOUT, async () => {
  const error = await refusal(() => connection.open_receiver({
    source: { address: "raw-queue", filter: rhea.filter.selector("kind = 'raw'") },
  }));
  assert.equal(error.condition, "amqp:not-implemented");
  assert.match(error.description, /selector/);
});
