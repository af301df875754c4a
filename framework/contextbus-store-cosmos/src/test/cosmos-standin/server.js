#!/usr/bin/env node
// Test-only Cosmos DB stand-in: @vercel/cosmosdb-server 1.0.1 (unmodified, installed by `npm ci`)
// with a thin layer in front of it that adds what the Java SDK needs and the package lacks.
// README.md beside this file lists each addition and why. Nothing of the package is copied here:
// the layer answers some requests itself and hands every other one to the package's own handler.
"use strict";

const pkgRoot = "@vercel/cosmosdb-server/lib";
const cosmos = require("@vercel/cosmosdb-server");
const accountModule = require(`${pkgRoot}/account`);
const documentsModule = require(`${pkgRoot}/account/documents`);
const documentOps = require(`${pkgRoot}/handler/_document-operations`);
const patchOps = require(`${pkgRoot}/handler/_patch-operations`);
const readBody = require(`${pkgRoot}/json`).default;
const { randomUUID } = require("crypto");
const readline = require("readline");

// --- capture the account the package creates when it starts listening ---------------------------
let account;
const PackageAccount = accountModule.default;
accountModule.default = class CapturedAccount extends PackageAccount {
  constructor(...args) {
    super(...args);
    account = this;
  }
};

// --- change feed needs an order of modification: stamp every write with a per-container _lsn -----
const originalSet = documentsModule.default.prototype._set;
documentsModule.default.prototype._set = function stampLsn(data) {
  this._lsn = (this._lsn || 0) + 1;
  return originalSet.call(this, { ...data, _lsn: this._lsn });
};

// --- injectable faults, driven by JSON lines on stdin ------------------------------------------
// {"cmd":"fault","status":429,"count":3,"on":"batch"|"write"|"any","retryAfterMs":5} arms a fault;
// {"cmd":"clear"} disarms all. Each command is acknowledged with "ACK <n>" on stdout.
let faults = [];
let commandCount = 0;

function isWrite(req) {
  return req.method === "POST" || req.method === "PUT" || req.method === "PATCH" || req.method === "DELETE";
}

function matchesFault(fault, req) {
  if (!/\/docs(\/|$)/.test(req.url)) return false;
  if (fault.on === "batch") return isTrue(req, "x-ms-cosmos-is-batch-request");
  if (fault.on === "write") return isWrite(req) && !isTrue(req, "x-ms-documentdb-isquery")
    && req.headers["content-type"] !== "application/query+json";
  return true;
}

function takeFault(req) {
  const fault = faults.find(f => f.count > 0 && matchesFault(f, req));
  if (!fault) return null;
  fault.count -= 1;
  fault.hits = (fault.hits || 0) + 1;
  return fault;
}

function onCommand(line) {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (err) {
    process.stdout.write(`ERR not JSON: ${line}\n`);
    return;
  }
  commandCount += 1;
  if (cmd.cmd === "fault") {
    faults.push({ status: cmd.status || 429, count: cmd.count || 1, on: cmd.on || "any",
      retryAfterMs: cmd.retryAfterMs == null ? 5 : cmd.retryAfterMs });
  } else if (cmd.cmd === "clear") {
    faults = [];
  } else if (cmd.cmd === "hits") {
    const hits = faults.reduce((n, f) => n + (f.hits || 0), 0);
    process.stdout.write(`HITS ${hits}\n`);
  }
  process.stdout.write(`ACK ${commandCount}\n`);
}

// --- small helpers ------------------------------------------------------------------------------
function isTrue(req, name) {
  const v = req.headers[name];
  return Array.isArray(v) ? v.some(x => String(x).toLowerCase() === "true") : String(v || "").toLowerCase() === "true";
}

function send(req, res, status, body, headers = {}) {
  res.statusCode = status;
  res.setHeader("content-type", "application/json");
  res.setHeader("connection", "keep-alive");
  res.setHeader("x-ms-activity-id", randomUUID());
  res.setHeader("x-ms-request-charge", "1");
  Object.entries(headers).forEach(([k, v]) => res.setHeader(k, v));
  res.end(body === undefined ? "" : JSON.stringify(body));
}

function pathParts(req) {
  let path = new URL(req.url, "https://standin").pathname.replace(/^\/+/, "/").replace(/\/+$/, "");
  const m = /^\/dbs\/([^/]+)\/colls\/([^/]+)(?:\/docs(?:\/([^/]+))?)?(\/docs)?$/.exec(path);
  if (!m) return null;
  const isDocs = /\/docs(\/[^/]+)?$/.test(path);
  return { dbId: decodeURIComponent(m[1]), collId: decodeURIComponent(m[2]), docId: m[3] && decodeURIComponent(m[3]), isDocs };
}

function collectionOf(parts) {
  if (!account || !parts) return null;
  const db = account.database(parts.dbId);
  if (!db.read()) return null;
  const coll = db.collection(parts.collId);
  return coll.read() ? coll : null;
}

function partitionValue(header) {
  if (!header) return undefined;
  try {
    const parsed = JSON.parse(header);
    return Array.isArray(parsed) ? parsed[0] : parsed;
  } catch (err) {
    return undefined;
  }
}

// --- query plan: one physical partition, so a pass-through plan over the full range is exact ------
function queryPlan(req, res) {
  readBody(req).then(body => send(req, res, 200, {
    partitionedQueryExecutionInfoVersion: 2,
    queryInfo: {
      distinctType: "None", top: null, offset: null, limit: null, orderBy: [], orderByExpressions: [],
      groupByExpressions: [], groupByAliases: [], aggregates: [], groupByAliasToAggregateType: {},
      rewrittenQuery: "", hasSelectValue: false, dCountInfo: null, hasNonStreamingOrderBy: false
    },
    queryRanges: [{ min: "", max: "FF", isMinInclusive: true, isMaxInclusive: false }],
    _query: body && body.query
  }));
}

// --- change feed (latest version): documents modified after the LSN in If-None-Match, by LSN ----
function changeFeed(req, res, parts, coll) {
  const docs = coll.documents;
  const current = docs._lsn || 0;
  const altPath = `dbs/${parts.dbId}/colls/${parts.collId}`;
  const headers = { "x-ms-alt-content-path": altPath, "x-ms-content-path": coll.read()._rid };
  const ifNoneMatch = req.headers["if-none-match"];
  let after = 0;
  let since = null;
  if (ifNoneMatch === "*") {
    after = current;
  } else if (ifNoneMatch) {
    after = parseInt(String(ifNoneMatch).replace(/"/g, ""), 10) || 0;
  } else if (req.headers["if-modified-since"]) {
    since = Math.floor(Date.parse(req.headers["if-modified-since"]) / 1000);
  }
  const pk = partitionValue(req.headers["x-ms-documentdb-partitionkey"]);
  const pkPath = ((coll.read().partitionKey || {}).paths || ["/id"])[0].slice(1);
  const max = parseInt(req.headers["x-ms-max-item-count"] || "-1", 10);
  let changed = [...docs._data.values()].map(d => d.read())
    .filter(d => d._lsn > after && (since === null || d._ts >= since) && (pk === undefined || d[pkPath] === pk))
    .sort((a, b) => a._lsn - b._lsn);
  if (max > 0) changed = changed.slice(0, max);
  if (changed.length === 0) {
    const etag = since === null ? after : current;
    send(req, res, 304, undefined, { ...headers, etag: `"${etag}"`, "x-ms-item-count": "0" });
    return;
  }
  const etag = changed[changed.length - 1]._lsn;
  // The epk change feed processor asks for the newer wire format: each item as {current, metadata}.
  const wrapped = req.headers["x-ms-cosmos-changefeed-wire-format-version"]
    ? changed.map(d => ({ current: d, metadata: { lsn: d._lsn, crts: d._ts, operationType: "replace", timeToLiveExpired: false } }))
    : changed;
  send(req, res, 200, { _rid: coll.read()._rid, Documents: wrapped, _count: changed.length },
    { ...headers, etag: `"${etag}"`, "x-ms-item-count": String(changed.length) });
}

// --- transactional batch: all or nothing, failing op's status, 424 for the others -----------------
function atomicBatch(req, res, parts, coll) {
  const pkHeader = req.headers["x-ms-documentdb-partitionkey"];
  readBody(req).then(ops => {
    if (!Array.isArray(ops)) return send(req, res, 400, { message: "Invalid request body" });
    const docs = coll.documents;
    const undo = journal(docs);
    const results = [];
    let failed = null;
    try {
      for (const op of ops) {
        // The package reads each op's partition key from the op; the SDK sends it once, in the header.
        const result = runOne(coll, op && op.partitionKey === undefined ? { ...op, partitionKey: pkHeader } : op);
        results.push(result);
        if (result.statusCode >= 400) {
          failed = result;
          break;
        }
      }
    } catch (err) {
      undo(true);
      throw err;
    }
    undo(failed !== null);
    if (!failed) {
      return send(req, res, 200, results.map(r => ({
        statusCode: r.statusCode, requestCharge: 1, eTag: r.body ? r.body._etag : undefined, resourceBody: r.body
      })));
    }
    const body = ops.map((op, i) => (results[i] === failed
      ? { statusCode: failed.statusCode, requestCharge: 0 }
      : { statusCode: 424, requestCharge: 0 }));
    return send(req, res, 207, body);
  }).catch(err => {
    console.error(err);
    send(req, res, 500, { message: String(err && err.message) });
  });
}

// Records every change the batch makes to the container's maps (documents, their unique-key index)
// and counters, so that a failed batch is undone in O(its operations). Returns finish(rollback).
function journal(docs) {
  const log = [];
  const maps = [docs._data, docs._index];
  maps.forEach(map => {
    map.set = function set(k, v) {
      log.push([map, k, Map.prototype.has.call(map, k), Map.prototype.get.call(map, k)]);
      return Map.prototype.set.call(map, k, v);
    };
    map.delete = function del(k) {
      log.push([map, k, Map.prototype.has.call(map, k), Map.prototype.get.call(map, k)]);
      return Map.prototype.delete.call(map, k);
    };
  });
  const counters = { rid: docs._ridCount, lsn: docs._lsn };
  return rollback => {
    maps.forEach(map => {
      delete map.set;
      delete map.delete;
    });
    if (!rollback) return;
    for (let i = log.length - 1; i >= 0; i -= 1) {
      const [map, k, had, old] = log[i];
      if (had) map.set(k, old);
      else map.delete(k);
    }
    docs._ridCount = counters.rid;
    docs._lsn = counters.lsn;
  };
}

// Runs one batch op with the package's own single-document operations (the same functions its
// batch handler calls), so op semantics stay the package's; only atomicity is the layer's.
function runOne(coll, op) {
  switch (op && op.operationType) {
    case "Create": return documentOps.createOperation(coll, op);
    case "Upsert": return documentOps.upsertOperation(coll, op);
    case "Read": return documentOps.readOperation(coll, op);
    case "Delete": return documentOps.deleteOperation(coll, op);
    case "Replace": return documentOps.replaceOperation(coll, op);
    case "Patch": return patchOps.patchOperation(coll, {
      id: op.id, partitionKey: op.partitionKey, ifMatch: op.ifMatch,
      operations: (op.resourceBody || {}).operations || op.resourceBody, condition: (op.resourceBody || {}).condition
    });
    default: return { statusCode: 400, body: { message: `Operation type '${op && op.operationType}' is not supported in Batch.` } };
  }
}

// --- container replace: keep the documents (the package rebuilds the container empty) -----------
function replaceContainer(req, res, parts, coll) {
  readBody(req).then(body => {
    const old = coll.read();
    if (!body || body.id !== old.id) return send(req, res, 400, { message: "replacing id is not allowed" });
    if (JSON.stringify(body.partitionKey) !== JSON.stringify(old.partitionKey)) {
      return send(req, res, 400, { message: "replacing partitionKey is not allowed" });
    }
    coll._data = { ...old, ...body, _rid: old._rid, _self: old._self, _etag: randomUUID(), _ts: Math.floor(Date.now() / 1000) };
    return send(req, res, 200, coll._data, { etag: coll._data._etag });
  });
}

function readMissingDocument(req, res, parts, coll) {
  const pk = partitionValue(req.headers["x-ms-documentdb-partitionkey"]);
  const doc = coll.document(parts.docId, pk === undefined ? parts.docId : pk).read();
  if (doc) return false;
  send(req, res, 404, { code: "NotFound", message: "Entity with the specified id does not exist in the system." });
  return true;
}

// The SDK names a resource by its owner's path from this header (a container's "altLink", which
// the change feed needs); the package never sends it.
function ownerPath(req) {
  const path = new URL(req.url, "https://standin").pathname.replace(/^\/+/, "").replace(/\/+$/, "");
  const segments = path.split("/").map(decodeURIComponent);
  if (segments[0] !== "dbs" || segments.length < 3) return null;
  if (segments[2] === "colls" && segments.length <= 4) return `dbs/${segments[1]}`;
  if (segments[2] === "colls" && segments.length >= 5) return `dbs/${segments[1]}/colls/${segments[3]}`;
  return null;
}

// --- the front layer ------------------------------------------------------------------------------
function front(packageListener) {
  return (req, res) => {
    if (process.env.STANDIN_DEBUG) {
      console.error(`[standin] ${req.method} ${req.url} ${JSON.stringify(Object.fromEntries(
        Object.entries(req.headers).filter(([k]) => /^(a-im|if-none-match|if-modified-since|x-ms-documentdb-partitionkeyrangeid|x-ms-documentdb-partitionkey|x-ms-max-item-count|x-ms-cosmos-is-batch-request|x-ms-documentdb-isquery|x-ms-cosmos-is-query-plan-request|x-ms-start-epk|x-ms-end-epk)$/.test(k))))}`);
    }
    const fault = takeFault(req);
    if (fault) {
      return send(req, res, fault.status, { code: fault.status === 429 ? "TooManyRequests" : "Injected", message: "injected by the stand-in" },
        { "x-ms-retry-after-ms": String(fault.retryAfterMs), "x-ms-substatus": fault.status === 429 ? "3200" : "0" });
    }
    if (isTrue(req, "x-ms-cosmos-is-query-plan-request")) return queryPlan(req, res);
    const owner = ownerPath(req);
    if (owner) res.setHeader("x-ms-alt-content-path", owner);
    const parts = pathParts(req);
    const coll = collectionOf(parts);
    if (coll && parts.isDocs && !parts.docId && req.method === "GET" && req.headers["a-im"]) {
      return changeFeed(req, res, parts, coll);
    }
    // STANDIN_PACKAGE_BATCH=1 leaves batches to the package (not atomic), to show which tests catch it.
    if (coll && parts.isDocs && !parts.docId && req.method === "POST" && isTrue(req, "x-ms-cosmos-is-batch-request")
      && !process.env.STANDIN_PACKAGE_BATCH) {
      return atomicBatch(req, res, parts, coll);
    }
    if (coll && !parts.isDocs && req.method === "PUT") return replaceContainer(req, res, parts, coll);
    if (coll && parts.docId && req.method === "GET" && readMissingDocument(req, res, parts, coll)) return undefined;
    // Queries routed to a partition key range (the change feed processor's lease queries) span
    // partition keys; the package only serves such queries when they say so.
    if (req.headers["x-ms-documentdb-partitionkeyrangeid"] && !req.headers["x-ms-documentdb-partitionkey"]) {
      req.headers["x-ms-documentdb-query-enablecrosspartition"] = "true";
    }
    return packageListener(req, res);
  };
}

// --- start ------------------------------------------------------------------------------------------
function main() {
  const argv = process.argv.slice(2);
  const portIndex = argv.indexOf("--port");
  const port = portIndex >= 0 ? parseInt(argv[portIndex + 1], 10) : 0;
  const server = cosmos.createHttpsServer({ keepAlive: true });
  const [packageListener] = server.listeners("request");
  server.removeAllListeners("request");
  server.on("request", front(packageListener));
  server.keepAliveTimeout = 60000;
  server.listen(port, "127.0.0.1", () => {
    process.stdout.write(`LISTENING ${server.address().port}\n`);
  });
  // The test JVM holds our stdin: when it goes away (normally or killed), so do we.
  const rl = readline.createInterface({ input: process.stdin });
  rl.on("line", onCommand);
  rl.on("close", () => process.exit(0));
}

main();
