// The KanthorQ dashboard: a small single-page UI over the dashboard's JSON API. Plain JavaScript, no
// build step and nothing loaded from elsewhere. Every value from the API is put into the page as text
// (never as HTML).
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("kanthorq-config").textContent);
  const main = document.getElementById("main");
  const live = document.getElementById("live");
  const REFRESH_MS = 5000;
  let view = null; // the current view: { refresh() } or null

  // --- helpers ---------------------------------------------------------------------------------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "className") el.className = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const enc = encodeURIComponent;
  const stateBadge = (state) => h("span", { className: "state state-" + state }, state);
  const time = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
  const age = (ms) => (ms === null || ms === undefined ? "—" : ms < 1000 ? ms + " ms" : ms < 120000
      ? Math.round(ms / 1000) + " s" : Math.round(ms / 60000) + " min");
  const num = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString());

  /**
   * Bars of outcomes per minute, oldest first: completed in blue, failed attempts (retried and
   * discarded) stacked in red above them.
   */
  function chart(series, width, height, label) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("width", width);
    svg.setAttribute("height", height);
    svg.setAttribute("role", "img");
    const completed = series.reduce((n, p) => n + p.completed, 0);
    const failed = series.reduce((n, p) => n + p.retried + p.discarded, 0);
    const text = `${label}: ${completed} completed, ${failed} failed attempts in the last ${series.length} minutes`;
    svg.setAttribute("aria-label", text);
    const title = document.createElementNS(ns, "title");
    title.textContent = text;
    svg.append(title);
    const axis = document.createElementNS(ns, "rect");
    axis.setAttribute("x", "0");
    axis.setAttribute("y", String(height - 1));
    axis.setAttribute("width", String(width));
    axis.setAttribute("height", "1");
    axis.setAttribute("class", "axis");
    svg.append(axis);
    const max = Math.max(1, ...series.map((p) => p.completed + p.retried + p.discarded));
    const bar = width / Math.max(1, series.length);
    series.forEach((p, i) => {
      const ok = (p.completed / max) * (height - 1);
      const bad = ((p.retried + p.discarded) / max) * (height - 1);
      for (const [h_, y, cls] of [[ok, height - ok, "bar"], [bad, height - ok - bad, "bar-bad"]]) {
        if (h_ <= 0) continue;
        const rect = document.createElementNS(ns, "rect");
        rect.setAttribute("x", (i * bar).toFixed(2));
        rect.setAttribute("y", y.toFixed(2));
        rect.setAttribute("width", Math.max(0.5, bar - 0.6).toFixed(2));
        rect.setAttribute("height", h_.toFixed(2));
        rect.setAttribute("class", cls);
        svg.append(rect);
      }
    });
    return svg;
  }

  async function api(path, options = {}) {
    const headers = { Accept: "application/json", ...(options.headers || {}) };
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      if (config.csrfHeader) headers[config.csrfHeader] = config.csrfToken;
    }
    const response = await fetch(config.api + path, {
      method: options.method || "GET",
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const problem = data || {};
      throw new Error((problem.detail || problem.title || response.statusText) +
          (problem.field ? " (" + problem.field + ")" : ""));
    }
    return data;
  }
  const post = (path, body = {}) => api(path, { method: "POST", body });

  function toast(message, bad) {
    const box = document.getElementById("toast");
    const item = h("div", { className: bad ? "bad" : "" }, message);
    box.append(item);
    setTimeout(() => item.remove(), 6000);
  }

  function show(...nodes) {
    main.replaceChildren(...nodes.flat().filter((n) => n !== null && n !== undefined && n !== false));
  }

  function fail(error) {
    show(h("h1", {}, "Something went wrong"), h("p", { className: "error", id: "error" }, error.message));
  }

  /** A value of an <input type=datetime-local> as an ISO instant, or "". */
  function isoOf(input) {
    return input.value ? new Date(input.value).toISOString() : "";
  }

  function query(params) {
    const pairs = Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined);
    return pairs.length ? "?" + pairs.map(([k, v]) => enc(k) + "=" + enc(v)).join("&") : "";
  }

  /** An in-page confirmation (keyboard-usable): resolves true when confirmed. */
  function confirmBox(text) {
    return new Promise((resolve) => {
      const box = h("div", { className: "card", role: "alertdialog", "aria-label": "Confirm", id: "confirm" },
          h("p", { id: "confirm-text" }, text));
      const done = (answer) => { box.remove(); resolve(answer); };
      const yes = h("button", { id: "confirm-yes", onclick: () => done(true) }, "Confirm");
      box.append(h("div", { className: "actions" }, yes,
          h("button", { className: "secondary", id: "confirm-no", onclick: () => done(false) }, "Cancel")));
      main.prepend(box);
      yes.focus();
    });
  }

  // --- views -----------------------------------------------------------------------------------

  async function overview() {
    const streamsBody = h("tbody");
    const consumersBody = h("tbody");
    show(
      h("h1", {}, "Overview"),
      h("h2", {}, "Consumers"),
      h("div", { className: "card scroll" }, h("table", { id: "consumers" },
        h("thead", {}, h("tr", {}, ["consumer", "stream", "worker", "lag", "ready", "running", "scheduled",
          "retryable", "discarded", "completed", "oldest ready", "outcomes / min, 1 h"].map((c, i) => h("th", { className: i > 2 && i < 11 ? "num" : "" }, c)))),
        consumersBody)),
      h("h2", {}, "Streams"),
      h("div", { className: "card scroll" }, h("table", { id: "streams" },
        h("thead", {}, h("tr", {}, ["stream", "events", "consumers", "newest event"].map((c) => h("th", {}, c)))),
        streamsBody)));
    async function refresh() {
      const [streams, consumers, minutes] = await Promise.all([api("/streams"), api("/consumers"), api("/throughput?minutes=60")]);
      consumersBody.replaceChildren(...consumers.map((c) => h("tr", { "data-consumer": c.name },
        h("td", {}, h("a", { href: "#/consumers/" + enc(c.name) }, c.name)),
        h("td", {}, h("a", { href: "#/streams/" + enc(c.stream) }, c.stream)),
        h("td", {}, c.paused ? "paused" : c.worker),
        h("td", { className: "num lag" }, num(c.lag)),
        h("td", { className: "num ready" }, num(c.ready)),
        h("td", { className: "num running" }, num(c.running)),
        h("td", { className: "num scheduled" }, num(c.scheduled)),
        h("td", { className: "num retryable" }, num(c.retryable)),
        h("td", { className: "num discarded" }, h("a", { href: "#/consumers/" + enc(c.name) + "?state=discarded" },
            num(c.discarded) + (c.countsAtLimit.includes("discarded") ? "+" : ""))),
        h("td", { className: "num completed" }, (c.completedCountExact ? "" : "≈") + num(c.completed)),
        h("td", { className: "num" }, age(c.oldestReadyAgeMs)),
        h("td", { className: "spark" }, chart(minutes[c.name] || [], 120, 24, c.name)))));
      streamsBody.replaceChildren(...streams.map((s) => h("tr", { "data-stream": s.name },
        h("td", {}, h("a", { href: "#/streams/" + enc(s.name) }, s.name)),
        h("td", { className: "num" }, (s.eventCountExact ? "" : "≈") + num(s.eventCount)),
        h("td", { className: "num" }, num(s.consumers)),
        h("td", {}, time(s.newestEventAt)))));
    }
    await refresh();
    return { refresh };
  }

  async function consumer(name, params) {
    const info = h("div", { className: "card", id: "consumer-info" });
    const history = h("div", { className: "card", id: "consumer-chart" });
    const state = h("select", { id: "filter-state", "aria-label": "State" },
      ["discarded", "retryable", "running", "available", "pending", "cancelled", "completed"].map((s) =>
        h("option", { value: s, selected: s === (params.get("state") || "discarded") }, s)));
    const subject = h("input", { id: "filter-subject", placeholder: "order.*", value: params.get("subject") || "", "aria-label": "Subject" });
    const key = h("input", { id: "filter-key", placeholder: "ordering key", value: params.get("key") || "", "aria-label": "Ordering key" });
    const since = h("input", { id: "filter-since", type: "datetime-local", "aria-label": "Changed since" });
    const until = h("input", { id: "filter-until", type: "datetime-local", "aria-label": "Changed before" });
    const rows = h("tbody");
    const more = h("button", { className: "secondary", id: "more", hidden: true }, "Load more");
    const selectAll = h("input", { type: "checkbox", id: "select-all", "aria-label": "Select all" });
    const actions = h("div", { className: "actions", id: "bulk" });
    let next = null;
    let tasks = [];

    function filterParams() {
      return { state: state.value, subject: subject.value.trim(), since: isoOf(since), until: isoOf(until) };
    }
    function selected() {
      return [...rows.querySelectorAll("input[type=checkbox]:checked")].map((c) => c.value);
    }
    function row(t) {
      const last = t.errors.length ? t.errors[t.errors.length - 1].message : "";
      return h("tr", { "data-task": t.eventId },
        h("td", {}, config.admin ? h("input", { type: "checkbox", value: t.eventId, "aria-label": "Select " + t.eventId }) : ""),
        h("td", {}, h("a", { href: "#/consumers/" + enc(name) + "/tasks/" + enc(t.eventId) }, t.eventId)),
        h("td", {}, t.subject), h("td", {}, stateBadge(t.state)), h("td", { className: "num" }, t.attempt),
        h("td", {}, time(t.updatedAt)), h("td", { className: "wrap" }, last));
    }
    async function load(append) {
      const keyFilter = key.value.trim();
      const page = await api("/consumers/" + enc(name) + "/tasks" + query({ ...filterParams(), limit: 50, after: append ? next : "" }));
      const shown = keyFilter ? page.tasks.filter((t) => !t.event || t.event.orderingKey === keyFilter) : page.tasks;
      tasks = append ? tasks.concat(shown) : shown;
      next = page.next;
      if (append) rows.append(...shown.map(row)); else rows.replaceChildren(...shown.map(row));
      more.hidden = !next;
      if (!tasks.length) rows.replaceChildren(h("tr", {}, h("td", { colspan: 7, className: "muted" }, "No tasks.")));
    }
    async function info_() {
      const [c, minutes] = await Promise.all([api("/consumers/" + enc(name)), api("/throughput?minutes=60")]);
      history.replaceChildren(h("p", { className: "muted" }, "Outcomes per minute, last hour (completed; failed attempts in red)"),
        chart(minutes[name] || [], 600, 100, name));
      const controls = [];
      if (config.admin) {
        controls.push(c.paused
          ? h("button", { id: "resume", onclick: () => act(() => post("/consumers/" + enc(name) + "/resume"), "Resumed") }, "Resume")
          : h("button", { id: "pause", className: "secondary", onclick: () => act(() => post("/consumers/" + enc(name) + "/pause"), "Paused") }, "Pause"));
      }
      info.replaceChildren(
        h("dl", { className: "facts" },
          h("dt", {}, "stream"), h("dd", {}, h("a", { href: "#/streams/" + enc(c.stream) }, c.stream)),
          h("dt", {}, "subjects"), h("dd", {}, c.subjects.join(", ") || "all"),
          h("dt", {}, "worker"), h("dd", { id: "worker" }, c.paused ? "paused" : c.worker),
          h("dt", {}, "lag"), h("dd", { id: "lag" }, num(c.lag)),
          h("dt", {}, "tasks"), h("dd", {}, `ready ${num(c.ready)} · running ${num(c.running)} · scheduled ${num(c.scheduled)} · retryable ${num(c.retryable)} · discarded ${num(c.discarded)} · completed ${num(c.completed)}`),
          h("dt", {}, "ordering"), h("dd", {}, c.ordering + (c.ordering === "key" ? " (on discard: " + c.onDiscard + ")" : ""))),
        h("div", { className: "actions" }, controls));
    }
    async function act(call, done) {
      try {
        const result = await call();
        toast(done + (result && result.changed !== undefined ? ": " + result.changed + " task(s)" : ""));
        await Promise.all([info_(), load(false)]);
      } catch (e) {
        toast(e.message, true);
      }
    }
    if (config.admin) {
      actions.append(
        h("button", { id: "redrive-selected", onclick: () => { const ids = selected(); if (ids.length) act(() => post("/consumers/" + enc(name) + "/tasks/redrive", { eventIds: ids }), "Redriven"); } }, "Redrive selected"),
        h("button", { id: "cancel-selected", className: "danger", onclick: () => { const ids = selected(); if (ids.length) act(() => post("/consumers/" + enc(name) + "/tasks/cancel", { eventIds: ids }), "Cancelled"); } }, "Cancel selected"),
        h("button", { id: "redrive-matching", className: "secondary", onclick: async () => {
          const filter = filterParams();
          if (filter.state !== "discarded" && filter.state !== "cancelled") { toast("Only Discarded or Cancelled tasks can be redriven", true); return; }
          const counted = await api("/consumers/" + enc(name) + "/tasks/count" + query(filter));
          const ok = await confirmBox(`Redrive ${counted.atLeast ? "at least " : ""}${counted.count} ${filter.state} task(s)` +
              (filter.subject ? ` with subject ${filter.subject}` : "") + "?");
          if (ok) act(() => post("/consumers/" + enc(name) + "/tasks/redrive", { filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v)) }), "Redriven");
        } }, "Redrive all matching…"));
    }
    selectAll.addEventListener("change", () => rows.querySelectorAll("input[type=checkbox]").forEach((c) => { c.checked = selectAll.checked; }));
    more.addEventListener("click", () => load(true).catch((e) => toast(e.message, true)));
    const apply = h("button", { id: "apply", onclick: () => load(false).catch((e) => toast(e.message, true)) }, "Apply");
    show(
      h("h1", {}, "Consumer ", h("span", { id: "consumer-name" }, name)),
      info,
      history,
      h("div", { className: "filters" },
        h("label", {}, "State", state), h("label", {}, "Subject", subject), h("label", {}, "Key", key),
        h("label", {}, "Changed since", since), h("label", {}, "Changed before", until), apply),
      actions,
      h("div", { className: "card scroll" }, h("table", { id: "tasks" },
        h("thead", {}, h("tr", {}, h("th", {}, config.admin ? selectAll : ""), ["event", "subject", "state", "attempts", "changed", "last error"].map((c) => h("th", {}, c)))),
        rows)),
      more);
    await Promise.all([info_(), load(false)]);
    return { refresh: async () => { await info_(); if (!selected().length && !next) await load(false); } };
  }

  async function task(consumerName, eventId) {
    const t = await api("/consumers/" + enc(consumerName) + "/tasks/" + enc(eventId));
    const e = t.event;
    const controls = [];
    if (config.admin && (t.state === "discarded" || t.state === "cancelled")) {
      controls.push(h("button", { id: "redrive", onclick: () => change("redrive") }, "Redrive"));
    }
    if (config.admin && ["pending", "available", "retryable"].includes(t.state)) {
      controls.push(h("button", { id: "cancel", className: "danger", onclick: () => change("cancel") }, "Cancel"));
    }
    async function change(action) {
      try {
        await post("/consumers/" + enc(consumerName) + "/tasks/" + enc(eventId) + "/" + action);
        toast(action === "redrive" ? "Redriven" : "Cancelled");
        view = await task(consumerName, eventId);
      } catch (err) {
        toast(err.message, true);
      }
    }
    let body = e ? e.body : "";
    if (e && e.bodyJson) body = JSON.stringify(JSON.parse(e.body), null, 2);
    show(
      h("h1", {}, "Task ", h("span", { className: "muted" }, eventId)),
      h("div", { className: "card" },
        h("dl", { className: "facts" },
          h("dt", {}, "consumer"), h("dd", {}, h("a", { href: "#/consumers/" + enc(consumerName) }, consumerName)),
          h("dt", {}, "state"), h("dd", { id: "task-state" }, stateBadge(t.state)),
          h("dt", {}, "attempts"), h("dd", { id: "task-attempts" }, t.attempt),
          h("dt", {}, "subject"), h("dd", {}, t.subject),
          h("dt", {}, "next / lease"), h("dd", {}, time(t.scheduleAt)),
          h("dt", {}, "finalized"), h("dd", {}, time(t.finalizedAt)),
          e ? [h("dt", {}, "chain"), h("dd", {}, h("a", { id: "chain-link", href: "#/streams/" + enc(t.event.stream || "") }, ""))] : null),
        h("div", { className: "actions" }, controls)),
      h("h2", {}, "Attempts"),
      t.errors.length ? h("div", { id: "errors" }, t.errors.map((err) => h("details", { className: "card" },
        h("summary", {}, `attempt ${err.attempt} · ${time(err.at)} · ${err.exceptionClass || ""}: `, h("span", { className: "error" }, err.message)),
        h("pre", {}, err.stack || "")))) : h("p", { className: "muted" }, "No failed attempt."),
      e ? [h("h2", {}, "Event"),
        h("div", { className: "card" }, h("dl", { className: "facts" },
          h("dt", {}, "published"), h("dd", {}, time(e.createdAt)),
          h("dt", {}, "ordering key"), h("dd", {}, e.orderingKey || "—"),
          h("dt", {}, "correlation"), h("dd", {}, e.correlationId),
          h("dt", {}, "caused by"), h("dd", {}, e.causationId || "— (root)"),
          ...Object.entries(e.metadata).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))),
        h("pre", { id: "event-body" }, body)] : h("p", { className: "muted" }, "The event is no longer in the stream."));
    // the chain link needs the stream of the consumer
    if (e) {
      const c = await api("/consumers/" + enc(consumerName));
      const link = document.getElementById("chain-link");
      link.href = "#/streams/" + enc(c.stream) + "/events/" + enc(eventId) + "/chain";
      link.textContent = "show the chain of " + e.correlationId;
    }
    return null;
  }

  async function events(stream, params) {
    const subject = h("input", { id: "events-subject", placeholder: "order.>", value: params.get("subject") || "", "aria-label": "Subject" });
    const since = h("input", { id: "events-since", type: "datetime-local", "aria-label": "Since" });
    const until = h("input", { id: "events-until", type: "datetime-local", "aria-label": "Until" });
    const lookup = h("input", { id: "events-id", placeholder: "event id", "aria-label": "Event id" });
    const rows = h("tbody");
    const more = h("button", { className: "secondary", id: "more", hidden: true }, "Load more");
    let next = null;
    const row = (e) => h("tr", { "data-event": e.id },
      h("td", {}, e.id), h("td", {}, e.subject), h("td", {}, time(e.createdAt)), h("td", {}, e.orderingKey || ""),
      h("td", { className: "wrap" }, e.body.length > 120 ? e.body.slice(0, 120) + "…" : e.body),
      h("td", {}, h("a", { href: "#/streams/" + enc(stream) + "/events/" + enc(e.id) + "/chain" }, "chain")));
    async function load(append) {
      if (lookup.value.trim()) {
        const e = await api("/streams/" + enc(stream) + "/events/" + enc(lookup.value.trim()));
        rows.replaceChildren(row(e));
        more.hidden = true;
        return;
      }
      const page = await api("/streams/" + enc(stream) + "/events" + query({ subject: subject.value.trim(), since: isoOf(since), until: isoOf(until), limit: 50, after: append ? next : "" }));
      next = page.next;
      if (append) rows.append(...page.events.map(row)); else rows.replaceChildren(...page.events.map(row));
      if (!append && !page.events.length) rows.replaceChildren(h("tr", {}, h("td", { colspan: 6, className: "muted" }, "No events.")));
      more.hidden = !next;
    }
    more.addEventListener("click", () => load(true).catch((e) => toast(e.message, true)));
    show(
      h("h1", {}, "Stream ", stream),
      h("div", { className: "filters" },
        h("label", {}, "Subject", subject), h("label", {}, "Since", since), h("label", {}, "Until", until),
        h("label", {}, "Event id", lookup),
        h("button", { id: "events-apply", onclick: () => load(false).catch((e) => toast(e.message, true)) }, "Apply")),
      h("div", { className: "card scroll" }, h("table", { id: "events" },
        h("thead", {}, h("tr", {}, ["event", "subject", "published", "key", "body", ""].map((c) => h("th", {}, c)))), rows)),
      more);
    await load(false);
    return null;
  }

  async function chain(stream, eventId) {
    const data = await api("/streams/" + enc(stream) + "/events/" + enc(eventId) + "/chain");
    const byId = new Map(data.events.map((e) => [e.id, { ...e, children: [] }]));
    const roots = [];
    for (const e of byId.values()) {
      const parent = e.causationId && byId.get(e.causationId);
      if (parent) parent.children.push(e); else roots.push(e);
    }
    const node = (e) => h("li", { "data-event": e.id, className: e.id === eventId ? "current" : "" },
      h("strong", {}, e.subject), " ", h("span", { className: "muted" }, e.id + " · " + time(e.createdAt)), " ",
      ...e.tasks.map((t) => h("span", {}, " ", h("a", { href: "#/consumers/" + enc(t.consumer) + "/tasks/" + enc(e.id) }, t.consumer), " ", stateBadge(t.state))),
      e.children.length ? h("ul", {}, e.children.map(node)) : null);
    show(
      h("h1", {}, "Chain ", h("span", { className: "muted" }, data.correlationId)),
      h("div", { className: "card tree", id: "chain" }, h("ul", {}, roots.map(node))),
      data.truncated ? h("p", { className: "muted" }, "Only the first events of the chain are shown.") : null);
    return null;
  }

  async function publish() {
    if (!config.publish || !config.admin) {
      show(h("h1", {}, "Publish"), h("p", { className: "muted" }, "Publishing is not available to you here."));
      return null;
    }
    const streams = await api("/streams");
    const stream = h("select", { id: "publish-stream", "aria-label": "Stream" }, streams.map((s) => h("option", { value: s.name }, s.name)));
    const subject = h("input", { id: "publish-subject", placeholder: "order.created", required: true, "aria-label": "Subject" });
    const key = h("input", { id: "publish-key", placeholder: "optional", "aria-label": "Ordering key" });
    const body = h("textarea", { id: "publish-body", "aria-label": "Body (JSON)" }, "{\n  \n}");
    const metadata = h("textarea", { id: "publish-metadata", "aria-label": "Metadata (JSON object)" }, "{}");
    const result = h("div", { id: "publish-result" });
    const form = h("form", { className: "card", onsubmit: async (event) => {
      event.preventDefault();
      let parsedBody, parsedMetadata;
      try { parsedBody = JSON.parse(body.value); } catch (e) { toast("The body is not JSON: " + e.message, true); return; }
      try { parsedMetadata = JSON.parse(metadata.value || "{}"); } catch (e) { toast("The metadata is not JSON: " + e.message, true); return; }
      try {
        const stored = await post("/streams/" + enc(stream.value) + "/events",
            { subject: subject.value.trim(), body: parsedBody, metadata: parsedMetadata, key: key.value.trim() || null });
        result.replaceChildren(h("p", {}, "Published ", h("a", { id: "published-chain", href: "#/streams/" + enc(stream.value) + "/events/" + enc(stored.id) + "/chain" }, stored.id), "."));
        toast("Published " + stored.id);
      } catch (e) {
        toast(e.message, true);
        result.replaceChildren(h("p", { className: "error" }, e.message));
      }
    } },
      h("div", { className: "filters" }, h("label", {}, "Stream", stream), h("label", {}, "Subject", subject), h("label", {}, "Ordering key", key)),
      h("label", {}, "Body (JSON)", body), h("label", {}, "Metadata (JSON object)", metadata),
      h("div", { className: "actions" }, h("button", { type: "submit", id: "publish-submit" }, "Publish")));
    show(h("h1", {}, "Publish an event"), form, result);
    return null;
  }

  // --- routing and live refresh ----------------------------------------------------------------

  async function route() {
    const [path, search] = (location.hash.slice(1) || "/").split("?");
    const params = new URLSearchParams(search || "");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    view = null;
    try {
      if (parts.length === 0) view = await overview();
      else if (parts[0] === "consumers" && parts.length === 2) view = await consumer(parts[1], params);
      else if (parts[0] === "consumers" && parts[2] === "tasks" && parts.length === 4) view = await task(parts[1], parts[3]);
      else if (parts[0] === "streams" && parts.length === 2) view = await events(parts[1], params);
      else if (parts[0] === "streams" && parts[2] === "events" && parts[4] === "chain") view = await chain(parts[1], parts[3]);
      else if (parts[0] === "publish") view = await publish();
      else show(h("h1", {}, "Not found"), h("p", {}, h("a", { href: "#/" }, "Back to the overview")));
    } catch (e) {
      fail(e);
    }
    main.focus({ preventScroll: true });
  }

  document.getElementById("user").textContent = config.user + (config.readOnly ? " · read-only" : config.admin ? " · admin" : " · viewer");
  document.getElementById("nav-publish").hidden = !(config.publish && config.admin);
  window.addEventListener("hashchange", route);
  setInterval(() => {
    if (live.checked && !document.hidden && view && view.refresh) {
      view.refresh().catch((e) => toast(e.message, true));
    }
  }, REFRESH_MS);
  route();
})();
