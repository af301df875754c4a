// The official Node Service Bus SDK (@azure/service-bus) against the local broker. Run by
// NodeSdkIT (`node --test`), which starts the broker with src/test/resources/node.topology.json and
// passes its connection string in CONTEXTBUS_SERVICEBUS_CONNECTION_STRING. Each test uses its own
// entity, so tests do not see each other's messages.
"use strict";

const { test, before, after } = require("node:test");
const assert = require("node:assert/strict");
const { ServiceBusClient } = require("@azure/service-bus");

const CONNECTION_STRING = process.env.CONTEXTBUS_SERVICEBUS_CONNECTION_STRING;
// A hung operation must fail the test, not the build's patience: every operation has a deadline.
const OPERATION_TIMEOUT_MS = 20_000;
const TEST_TIMEOUT = { timeout: 90_000 };

let client;

before(() => {
  assert.ok(CONNECTION_STRING, "CONTEXTBUS_SERVICEBUS_CONNECTION_STRING must be set");
  client = new ServiceBusClient(CONNECTION_STRING, {
    retryOptions: { timeoutInMs: OPERATION_TIMEOUT_MS, maxRetries: 1, retryDelayInMs: 200 },
  });
});

after(async () => {
  await client.close();
});

/** Receives until `count` messages arrived (or the deadline passed) and returns them. */
async function receive(receiver, count, deadlineMs = 30_000) {
  const received = [];
  const deadline = Date.now() + deadlineMs;
  while (received.length < count && Date.now() < deadline) {
    const batch = await receiver.receiveMessages(count - received.length, { maxWaitTimeInMs: 2_000 });
    received.push(...batch);
  }
  return received;
}

async function withSender(entity, body) {
  const sender = client.createSender(entity);
  try {
    return await body(sender);
  } finally {
    await sender.close();
  }
}

async function withReceiver(receiver, body) {
  try {
    return await body(receiver);
  } finally {
    await receiver.close();
  }
}

test("a single send is received and completed", TEST_TIMEOUT, async () => {
  await withSender("node-send", (s) =>
    s.sendMessages({ body: { hello: "node" }, messageId: "single-1", subject: "greeting",
      contentType: "application/json", correlationId: "corr-1", applicationProperties: { cb_seq: 1 } }));
  await withReceiver(client.createReceiver("node-send"), async (r) => {
    const [message] = await receive(r, 1);
    assert.ok(message, "the message was not received");
    assert.deepEqual(message.body, { hello: "node" });
    assert.equal(message.messageId, "single-1");
    assert.equal(message.subject, "greeting");
    assert.equal(message.correlationId, "corr-1");
    assert.equal(message.applicationProperties.cb_seq, 1);
    assert.equal(message.deliveryCount, 0);
    assert.ok(message.sequenceNumber.toNumber() > 0);
    assert.ok(message.enqueuedTimeUtc instanceof Date);
    assert.ok(message.lockedUntilUtc instanceof Date);
    await r.completeMessage(message);
    assert.deepEqual(await r.receiveMessages(1, { maxWaitTimeInMs: 1_000 }), []);
  });
});

test("a batch send delivers every message in order", TEST_TIMEOUT, async () => {
  await withSender("node-send", async (s) => {
    const batch = await s.createMessageBatch();
    for (let i = 0; i < 20; i++) {
      assert.ok(batch.tryAddMessage({ body: `batch-${i}`, messageId: `batch-${i}` }));
    }
    await s.sendMessages(batch);
    await s.sendMessages([{ body: "array-0" }, { body: "array-1" }]);
  });
  await withReceiver(client.createReceiver("node-send", { receiveMode: "receiveAndDelete" }), async (r) => {
    const messages = await receive(r, 22);
    assert.deepEqual(messages.map((m) => m.body),
      [...Array.from({ length: 20 }, (_, i) => `batch-${i}`), "array-0", "array-1"]);
  });
});

test("sessions: accept next, session state, FIFO per session, renew the session lock", TEST_TIMEOUT, async () => {
  await withSender("node-sessions", (s) => s.sendMessages([
    { body: "a1", sessionId: "alpha" }, { body: "a2", sessionId: "alpha" }, { body: "a3", sessionId: "alpha" },
  ]));
  await withReceiver(await client.acceptNextSession("node-sessions"), async (r) => {
    assert.equal(r.sessionId, "alpha");
    assert.ok(r.sessionLockedUntilUtc.getTime() > Date.now() - 1_000);
    assert.equal(await r.getSessionState(), null);
    await r.setSessionState("checkpoint-2");
    assert.equal((await r.getSessionState()).toString(), "checkpoint-2");
    const before = r.sessionLockedUntilUtc.getTime();
    const renewed = await r.renewSessionLock();
    assert.ok(renewed.getTime() >= before, `renewed ${renewed.toISOString()} before ${new Date(before).toISOString()}`);
    const messages = await receive(r, 3);
    assert.deepEqual(messages.map((m) => m.body), ["a1", "a2", "a3"]);
    assert.ok(messages.every((m) => m.sessionId === "alpha"));
    for (const m of messages) {
      await r.completeMessage(m);
    }
  });
  await withReceiver(await client.acceptSession("node-sessions", "alpha"), async (r) => {
    assert.equal((await r.getSessionState()).toString(), "checkpoint-2");
  });
});

test("a session held by one receiver cannot be accepted by another", TEST_TIMEOUT, async () => {
  await withSender("node-sessions", (s) => s.sendMessages({ body: "held", sessionId: "held" }));
  await withReceiver(await client.acceptSession("node-sessions", "held"), async (first) => {
    await assert.rejects(client.acceptSession("node-sessions", "held"), (e) => e.code === "SessionCannotBeLocked");
    const [m] = await receive(first, 1);
    await first.completeMessage(m);
  });
});

test("a message lock is renewed", TEST_TIMEOUT, async () => {
  await withSender("node-lock", (s) => s.sendMessages({ body: "renew-me" }));
  await withReceiver(client.createReceiver("node-lock"), async (r) => {
    const [m] = await receive(r, 1);
    const before = m.lockedUntilUtc.getTime();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const renewed = await r.renewMessageLock(m);
    assert.ok(renewed.getTime() > before, "the lock was not extended");
    await r.completeMessage(m);
  });
});

test("abandon counts a delivery and past the max delivery count dead-letters", TEST_TIMEOUT, async () => {
  await withSender("node-settle", (s) => s.sendMessages({ body: "abandon-me", messageId: "abandon-1" }));
  await withReceiver(client.createReceiver("node-settle"), async (r) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [m] = await receive(r, 1);
      assert.equal(m.deliveryCount, attempt);
      await r.abandonMessage(m);
    }
  });
  await withReceiver(client.createReceiver("node-settle", { subQueueType: "deadLetter" }), async (dlq) => {
    const [m] = await receive(dlq, 1);
    assert.equal(m.messageId, "abandon-1");
    assert.equal(m.deadLetterReason, "MaxDeliveryCountExceeded");
    await dlq.completeMessage(m);
  });
});

test("dead-letter with reason and description succeeds and is read back from the dead-letter queue", TEST_TIMEOUT, async () => {
  await withSender("node-settle", (s) => s.sendMessages({ body: "poison", messageId: "dlq-1" }));
  await withReceiver(client.createReceiver("node-settle"), async (r) => {
    const [m] = await receive(r, 1);
    await r.deadLetterMessage(m, { deadLetterReason: "PoisonMessage", deadLetterErrorDescription: "cannot parse" });
    assert.deepEqual(await r.receiveMessages(1, { maxWaitTimeInMs: 1_000 }), []);
  });
  await withReceiver(client.createReceiver("node-settle", { subQueueType: "deadLetter" }), async (dlq) => {
    const [m] = await receive(dlq, 1);
    assert.ok(m, "nothing in the dead-letter queue");
    assert.equal(m.messageId, "dlq-1");
    assert.equal(m.body, "poison");
    assert.equal(m.deadLetterReason, "PoisonMessage");
    assert.equal(m.deadLetterErrorDescription, "cannot parse");
    assert.equal(m.deadLetterSource, undefined);
    await dlq.completeMessage(m);
  });
});

test("defer and receive deferred messages by sequence number", TEST_TIMEOUT, async () => {
  await withSender("node-defer", (s) => s.sendMessages([{ body: "later-1" }, { body: "later-2" }]));
  await withReceiver(client.createReceiver("node-defer"), async (r) => {
    const messages = await receive(r, 2);
    const sequenceNumbers = messages.map((m) => m.sequenceNumber);
    for (const m of messages) {
      await r.deferMessage(m);
    }
    assert.deepEqual(await r.receiveMessages(1, { maxWaitTimeInMs: 1_000 }), []);
    const deferred = await r.receiveDeferredMessages(sequenceNumbers);
    assert.deepEqual(deferred.map((m) => m.body).sort(), ["later-1", "later-2"]);
    assert.ok(deferred.every((m) => m.state === "deferred"));
    for (const m of deferred) {
      await r.completeMessage(m);
    }
    assert.deepEqual(await r.receiveDeferredMessages(sequenceNumbers).catch(() => []), []);
  });
});

test("duplicate detection drops a second send with the same MessageId", TEST_TIMEOUT, async () => {
  await withSender("node-dedupe", async (s) => {
    await s.sendMessages({ body: "first", messageId: "dup-1" });
    await s.sendMessages({ body: "second", messageId: "dup-1" });
    await s.sendMessages({ body: "other", messageId: "dup-2" });
  });
  await withReceiver(client.createReceiver("node-dedupe", { receiveMode: "receiveAndDelete" }), async (r) => {
    const messages = await receive(r, 2);
    assert.deepEqual(messages.map((m) => m.body), ["first", "other"]);
    assert.deepEqual(await r.receiveMessages(1, { maxWaitTimeInMs: 1_000 }), []);
  });
});

test("peek returns messages without locking them", TEST_TIMEOUT, async () => {
  await withSender("node-peek", (s) => s.sendMessages([{ body: "p1" }, { body: "p2" }, { body: "p3" }]));
  await withReceiver(client.createReceiver("node-peek"), async (r) => {
    const peeked = await r.peekMessages(10);
    assert.deepEqual(peeked.map((m) => m.body), ["p1", "p2", "p3"]);
    assert.equal(peeked[0].lockToken, undefined);
    const received = await receive(r, 3);
    assert.deepEqual(received.map((m) => m.body), ["p1", "p2", "p3"]);
    for (const m of received) {
      await r.completeMessage(m);
    }
  });
});

test("scheduled messages arrive at their time and a cancelled one never does", TEST_TIMEOUT, async () => {
  const at = new Date(Date.now() + 2_000);
  const [kept, cancelled] = await withSender("node-schedule", async (s) => {
    const sequences = await s.scheduleMessages([{ body: "kept" }, { body: "cancelled" }], at);
    await s.cancelScheduledMessages(sequences[1]);
    return sequences;
  });
  assert.ok(kept.toNumber() > 0 && cancelled.toNumber() > 0);
  await withReceiver(client.createReceiver("node-schedule", { receiveMode: "receiveAndDelete" }), async (r) => {
    const peeked = await r.peekMessages(10);
    assert.deepEqual(peeked.map((m) => m.body), ["kept"]);
    assert.equal(peeked[0].state, "scheduled");
    const [m] = await receive(r, 1);
    assert.equal(m.body, "kept");
    assert.ok(m.enqueuedTimeUtc.getTime() >= at.getTime() - 1_000);
    assert.deepEqual(await r.receiveMessages(1, { maxWaitTimeInMs: 2_000 }), []);
  });
});

test("SQL rule routing: a replay reaches only its target subscription, a live message reaches all", TEST_TIMEOUT, async () => {
  await withSender("routing.events", (s) => s.sendMessages([
    { body: "live", messageId: "s:1", sessionId: "s" },
    { body: "replay-for-shipping", messageId: "s:1:r:1", sessionId: "s",
      applicationProperties: { cb_replay_target: "shipping", cb_replay_id: "1" } },
  ]));
  const bodies = async (subscription) => withReceiver(
    await client.acceptSession("routing.events", subscription, "s", { receiveMode: "receiveAndDelete" }),
    async (r) => {
      const expected = subscription === "shipping" ? 2 : 1;
      const messages = await receive(r, expected);
      assert.deepEqual(await r.receiveMessages(1, { maxWaitTimeInMs: 1_000 }), []);
      return messages.map((m) => m.body);
    });
  assert.deepEqual(await bodies("billing"), ["live"]);
  assert.deepEqual(await bodies("shipping"), ["live", "replay-for-shipping"]);
});

test("a send without SessionId to a topic with a session subscription: accepted, that copy dead-lettered", TEST_TIMEOUT, async () => {
  await withSender("mixed.events", (s) => s.sendMessages({ body: "no-session", messageId: "mixed-1" }));
  await withReceiver(client.createReceiver("mixed.events", "plain", { receiveMode: "receiveAndDelete" }), async (r) => {
    const [m] = await receive(r, 1);
    assert.equal(m.messageId, "mixed-1");
  });
  await withReceiver(client.createReceiver("mixed.events", "sessions", { subQueueType: "deadLetter",
    receiveMode: "receiveAndDelete" }), async (dlq) => {
    const [m] = await receive(dlq, 1);
    assert.equal(m.messageId, "mixed-1");
    assert.equal(m.deadLetterReason, "Session id is null.");
    assert.equal(m.deadLetterErrorDescription,
      "Session enabled entity doesn't allow a message whose session identifier is null.");
  });
});

test("a send without SessionId to a session-enabled queue is refused", TEST_TIMEOUT, async () => {
  await withSender("node-sessions", async (s) => {
    await assert.rejects(s.sendMessages({ body: "no-session" }), (e) => /SessionId/.test(e.message));
  });
});

test("an unknown entity is refused with MessagingEntityNotFound", TEST_TIMEOUT, async () => {
  await withSender("no-such-queue", async (s) => {
    await assert.rejects(s.sendMessages({ body: "x" }), (e) => e.code === "MessagingEntityNotFound");
  });
});
