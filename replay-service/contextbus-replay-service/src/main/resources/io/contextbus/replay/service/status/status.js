// The contextbus status page: polls GET /status/data with the bearer token the operator gave
// (kept in sessionStorage, this tab only) and renders it with textContent only (no HTML from data).
"use strict";
(function () {
  const KEY = "contextbus.status.token";
  const POLL_MS = 2000;
  const fmt = new Intl.NumberFormat("en-US");
  let previous = {};
  let timer = null;

  const $ = (id) => document.getElementById(id);

  function say(text, error) {
    const s = $("state");
    s.textContent = text;
    s.className = error ? "state error" : "state";
  }

  function cell(row, text, cls, key) {
    const td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    if (key) td.dataset.key = key;
    row.appendChild(td);
    return td;
  }

  // A figure cell: the number, coloured by size, with a trend arrow against the previous poll.
  function figure(row, key, value, badWhenPositive) {
    if (value === null || value === undefined) {
      return cell(row, "\u2014", "n unknown", key);
    }
    const cls = "n " + (value === 0 ? "zero" : badWhenPositive ? "bad" : "lagging");
    const td = cell(row, fmt.format(value), cls, key);
    const before = previous[key];
    const trend = document.createElement("span");
    trend.className = "trend";
    trend.textContent = before === undefined || before === value ? "" : value > before ? "\u2191" : "\u2193";
    td.appendChild(trend);
    return td;
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "\u2014";
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + " s";
    const m = Math.floor(s / 60);
    if (m < 60) return m + " min " + (s % 60) + " s";
    return Math.floor(m / 60) + " h " + (m % 60) + " min";
  }

  function render(data) {
    const seen = {};
    const dispatch = $("dispatch").tBodies[0];
    const consumers = $("consumers").tBodies[0];
    const replays = $("replays").tBodies[0];
    dispatch.replaceChildren();
    consumers.replaceChildren();
    replays.replaceChildren();
    for (const c of data.contexts) {
      const row = dispatch.insertRow();
      cell(row, c.context);
      cell(row, c.store);
      if (c.dispatch) {
        cell(row, fmt.format(c.dispatch.head), "n", c.context + "/dispatch/head");
        cell(row, fmt.format(c.dispatch.checkpoint), "n", c.context + "/dispatch/checkpoint");
        figure(row, c.context + "/dispatch/lag", c.dispatch.lag, false);
        seen[c.context + "/dispatch/lag"] = c.dispatch.lag;
      } else {
        const td = cell(row, c.unavailable || "not available", "unknown");
        td.colSpan = 3;
      }
      for (const l of c.consumes) {
        const r = consumers.insertRow();
        const k = c.context + "/" + l.source + "/";
        cell(r, c.context);
        cell(r, l.source);
        cell(r, fmt.format(l.streams), "n", k + "streams");
        figure(r, k + "behind", l.streamsBehind, false);
        figure(r, k + "lag", l.lag, false);
        figure(r, k + "stashed", l.stashed, false);
        figure(r, k + "parked", l.parked, true);
        figure(r, k + "deadLettered", l.deadLettered, true);
        seen[k + "behind"] = l.streamsBehind;
        seen[k + "lag"] = l.lag;
        seen[k + "stashed"] = l.stashed;
        seen[k + "parked"] = l.parked;
        seen[k + "deadLettered"] = l.deadLettered;
      }
    }
    $("dead-letter-source").textContent = "Dead-letter counts: " + data.deadLetterSource
        + (data.deadLetterSource === "none" ? " (not configured; see docs/operations.md)" : "");
    for (const p of data.replays) {
      const row = replays.insertRow();
      const k = "replay/" + p.id + "/";
      cell(row, p.id);
      cell(row, p.target);
      cell(row, p.sources.join(", "));
      cell(row, p.state, null, k + "state");
      const bar = cell(row, "", "bar");
      const outer = document.createElement("div");
      outer.className = "bar-outer";
      outer.setAttribute("role", "progressbar");
      outer.setAttribute("aria-valuemin", "0");
      outer.setAttribute("aria-valuemax", "100");
      const percent = Math.round(p.fraction * 1000) / 10;
      outer.setAttribute("aria-valuenow", String(percent));
      outer.dataset.key = k + "percent";
      const inner = document.createElement("div");
      inner.className = "bar-inner";
      inner.style.width = percent + "%";
      outer.appendChild(inner);
      bar.appendChild(outer);
      cell(row, fmt.format(p.sent) + " / " + fmt.format(p.planned), "n", k + "sent");
      cell(row, fmt.format(Math.round(p.ratePerSecond)) + "/s", "n", k + "rate");
      cell(row, duration(p.etaSeconds), "n", k + "eta");
    }
    $("no-replays").hidden = data.replays.length > 0;
    $("more-replays").hidden = !data.moreReplays;
    $("more-replays").textContent = "and " + fmt.format(data.moreReplays || 0) + " more (GET /replays lists them)";
    previous = seen;
    $("dashboard").hidden = false;
    say("updated " + new Date(data.generatedAt).toLocaleTimeString() + " \u00b7 every " + POLL_MS / 1000 + " s");
    document.body.dataset.generatedAt = data.generatedAt;
  }

  async function poll() {
    const token = sessionStorage.getItem(KEY);
    if (!token) {
      $("connect").hidden = false;
      return;
    }
    try {
      const r = await fetch("/status/data", { headers: { Authorization: "Bearer " + token }, cache: "no-store" });
      if (r.status === 401) {
        sessionStorage.removeItem(KEY);
        $("connect").hidden = false;
        $("dashboard").hidden = true;
        say("the token was refused: give it again", true);
        return;
      }
      if (!r.ok) throw new Error("HTTP " + r.status);
      render(await r.json());
      $("connect").hidden = true;
    } catch (e) {
      say("refresh failed (" + e.message + "); retrying", true);
    }
    timer = setTimeout(poll, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("connect").addEventListener("submit", (e) => {
      e.preventDefault();
      const t = $("token").value.trim();
      $("token").value = "";
      if (!t) return;
      sessionStorage.setItem(KEY, t);
      clearTimeout(timer);
      say("connecting\u2026");
      poll();
    });
    poll();
  });
})();
