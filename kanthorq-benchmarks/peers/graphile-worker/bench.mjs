#!/usr/bin/env node
// Benchmark driver for graphile-worker, called from the kanthorq Java benchmark harness.
//
//   node bench.mjs drain   --schema NAME --tasks N --settings default|tuned
//   node bench.mjs latency --schema NAME --rate R --count N [--warmup W]
//
// Env DATABASE_URL. Logs go to stderr; the last stdout line is one JSON object.
// The schema is created fresh with graphile-worker's own migrations and dropped
// (CASCADE) at the end, also on failure or SIGINT/SIGTERM.

import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Logger, makeWorkerUtils, run, runMigrations } from "graphile-worker";
import pg from "pg";

// ---------------------------------------------------------------------------
// Tuned drain settings (2-core box, PG 15 on the same host, no-op task, N=100000; runs vary +-15%).
// Measured (tasks/s): localQueue.size is what matters: 100 -> 4.6k, 500 -> 9.7k, 1000 -> 13-18k, 2000 -> 17-23k,
// 5000 -> 25-32k, 10000 -> 26-34k (chosen), 20000 -> 24-26k, 50000 -> 18k; completeJobBatchDelay -1 (off) -> 2.0k (lq 500) /
// 4.3k (lq 10000), 1 ms -> 23.6k, 5 ms -> 21.6k, 0 -> best; concurrentJobs 2/4/10/20 -> 25k/30k/28k/23k; maxPoolSize 4 ~ 10.
const TUNED_CONCURRENT_JOBS = 10;
const TUNED_LOCAL_QUEUE_SIZE = 10000;
const TUNED_COMPLETE_JOB_BATCH_DELAY = 0; // ms
const TUNED_FAIL_JOB_BATCH_DELAY = 0; // ms
const TUNED_MAX_POOL_SIZE = 10;
// ---------------------------------------------------------------------------

const GW_VERSION = JSON.parse(
  readFileSync(new URL("./node_modules/graphile-worker/package.json", import.meta.url), "utf8"),
).version;
const TASK = "bench";
const BASE_PAYLOAD = Object.freeze({
  order_id: 1234567,
  customer_id: "c-0042",
  amount: 99.95,
  currency: "EUR",
  items: 3,
  v: 1,
});
const ENQUEUE_BATCH = 1000;
const LATENCY_TIMEOUT_MS = 30_000;

const log = (...a) => console.error("[bench]", ...a);

// graphile-worker logger: drop debug/info, send warnings and errors to stderr.
const gwLogger = new Logger((scope) => (level, message, meta) => {
  if (level === "error" || level === "warning") {
    console.error(`[graphile-worker ${level}]${scope.label ? ` (${scope.label})` : ""} ${message}`);
  }
});

function usage(msg) {
  throw new Error(
    `${msg}\nusage: node bench.mjs drain --schema NAME --tasks N --settings default|tuned\n` +
      `       node bench.mjs latency --schema NAME --rate R --count N [--warmup W]`,
  );
}

function posInt(v, name, allowZero = false) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) usage(`--${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got ${v}`);
  return n;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const nowNs = () => process.hrtime.bigint();

// ---------------------------------------------------------------------------
// Cleanup state (shared by normal exit, failure and signals)
let adminPool = null; // plain pg pool: schema check/DROP, job counts, shared by WorkerUtils
let utils = null; // WorkerUtils on adminPool, for enqueue (drain) / publishing (latency)
let runner = null;
let schemaCreated = false;
let escapedSchema = null;
let cleaningUp = null;

async function cleanup() {
  if (cleaningUp) return cleaningUp;
  cleaningUp = (async () => {
    if (runner) {
      const r = runner;
      runner = null;
      try {
        await Promise.race([r.stop("bench finished"), sleep(10_000).then(() => r.kill?.("stop timeout"))]);
      } catch (e) {
        log("runner stop failed:", e?.message ?? e);
      }
    }
    if (utils) {
      try {
        await utils.release();
      } catch (e) {
        log("utils release failed:", e?.message ?? e);
      }
      utils = null;
    }
    if (adminPool) {
      if (schemaCreated) {
        try {
          await adminPool.query(`drop schema if exists ${escapedSchema} cascade`);
          log(`dropped schema ${escapedSchema}`);
        } catch (e) {
          log("DROP SCHEMA failed:", e?.message ?? e);
        }
      }
      try {
        await adminPool.end();
      } catch (e) {
        log("pool end failed:", e?.message ?? e);
      }
      adminPool = null;
    }
  })();
  return cleaningUp;
}

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    log(`received ${sig}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------
async function setup(connectionString, schema) {
  escapedSchema = `"${schema.replace(/"/g, '""')}"`;
  adminPool = new pg.Pool({ connectionString, max: 4 });
  adminPool.on("error", (e) => log("idle pg client error:", e?.message ?? e));
  adminPool.on("connect", (client) => client.on("error", (e) => log("pg client error:", e?.message ?? e)));
  const { rows } = await adminPool.query("select 1 from pg_namespace where nspname = $1", [schema]);
  schemaCreated = true; // from here on, we own (and will drop) the schema
  if (rows.length) {
    log(`schema ${escapedSchema} already exists (left over from an earlier run?) - dropping it first`);
    await adminPool.query(`drop schema ${escapedSchema} cascade`);
  }
  await runMigrations({ pgPool: adminPool, schema, logger: gwLogger });
  log(`schema ${escapedSchema} created via graphile-worker ${GW_VERSION} runMigrations`);
  utils = await makeWorkerUtils({ pgPool: adminPool, schema, logger: gwLogger });
}

async function jobCount() {
  const { rows } = await adminPool.query(`select count(*)::int as n from ${escapedSchema}._private_jobs`);
  return rows[0].n;
}

// ---------------------------------------------------------------------------
async function drain(connectionString, schema, tasks, settingsName) {
  await setup(connectionString, schema);

  // Untimed enqueue through the public API, batches of 1000.
  const tEnq = nowNs();
  for (let i = 0; i < tasks; i += ENQUEUE_BATCH) {
    const n = Math.min(ENQUEUE_BATCH, tasks - i);
    const specs = new Array(n);
    for (let j = 0; j < n; j++) specs[j] = { identifier: TASK, payload: BASE_PAYLOAD };
    await utils.addJobs(specs);
  }
  const enqueued = await jobCount();
  if (enqueued !== tasks) throw new Error(`expected ${tasks} jobs after enqueue, found ${enqueued}`);
  log(`enqueued ${tasks} jobs in ${(Number(nowNs() - tEnq) / 1e9).toFixed(2)} s`);

  let settings;
  let preset;
  if (settingsName === "default") {
    preset = {}; // graphile-worker defaults, untouched
    settings =
      `graphile-worker ${GW_VERSION} defaults: concurrentJobs 1, maxPoolSize 10, pollInterval 2000ms, ` +
      `localQueue off (size -1), completeJobBatchDelay -1, failJobBatchDelay -1 (no batching), preparedStatements on`;
  } else if (settingsName === "tuned") {
    preset = {
      worker: {
        concurrentJobs: TUNED_CONCURRENT_JOBS,
        maxPoolSize: TUNED_MAX_POOL_SIZE,
        localQueue: { size: TUNED_LOCAL_QUEUE_SIZE },
        completeJobBatchDelay: TUNED_COMPLETE_JOB_BATCH_DELAY,
        failJobBatchDelay: TUNED_FAIL_JOB_BATCH_DELAY,
      },
    };
    settings =
      `graphile-worker ${GW_VERSION} tuned: concurrentJobs ${TUNED_CONCURRENT_JOBS}, maxPoolSize ${TUNED_MAX_POOL_SIZE}, ` +
      `localQueue.size ${TUNED_LOCAL_QUEUE_SIZE}, completeJobBatchDelay ${TUNED_COMPLETE_JOB_BATCH_DELAY}ms, ` +
      `failJobBatchDelay ${TUNED_FAIL_JOB_BATCH_DELAY}ms, other options default`;
  } else {
    usage(`--settings must be default or tuned, got ${settingsName}`);
  }

  const events = new EventEmitter();
  let done = 0;
  let jobError = null;
  let allHandled;
  const allHandledP = new Promise((r) => (allHandled = r));
  events.on("job:complete", ({ error }) => {
    if (error) {
      jobError ??= error;
      allHandled();
    } else if (++done === tasks) allHandled();
  });
  events.on("pool:fatalError", ({ error }) => {
    jobError ??= error;
    allHandled();
  });

  const cpu0 = process.cpuUsage();
  const t0 = nowNs();
  runner = await run({
    connectionString,
    schema,
    logger: gwLogger,
    events,
    noHandleSignals: true,
    taskList: { [TASK]: async () => {} },
    preset,
  });
  runner.promise.catch((e) => {
    jobError ??= e;
    allHandled();
  });
  await allHandledP;
  if (jobError) throw jobError;
  // Every handler has finished; completions may still be batched -> wait for an empty table.
  while ((await jobCount()) !== 0) await sleep(5);
  const t1 = nowNs();
  const cpu = process.cpuUsage(cpu0);

  const seconds = Number(t1 - t0) / 1e9;
  return {
    tasks,
    seconds: round(seconds, 3),
    tasksPerSecond: round(tasks / seconds, 1),
    cpuMicrosPerTask: round((cpu.user + cpu.system) / tasks, 1),
    settings,
  };
}

// ---------------------------------------------------------------------------
async function latency(connectionString, schema, rate, count, warmup) {
  await setup(connectionString, schema);

  const total = warmup + count;
  const publishNs = new Array(total).fill(null);
  const handledNs = new Array(total).fill(null);
  let handled = 0;
  let failure = null;
  let allHandled;
  const allHandledP = new Promise((r) => (allHandled = r));
  const fail = (e) => {
    failure ??= e;
    allHandled();
  };

  const events = new EventEmitter();
  let listening;
  const listeningP = new Promise((r) => (listening = r));
  events.on("pool:listen:success", () => listening());
  events.on("pool:fatalError", ({ error }) => fail(error));
  events.on("job:complete", ({ error }) => error && fail(error));

  runner = await run({
    // only what is needed to run; everything else is graphile-worker's default
    connectionString,
    schema,
    logger: gwLogger,
    events,
    noHandleSignals: true,
    taskList: {
      [TASK]: async (payload) => {
        const t = nowNs();
        const seq = payload.seq;
        if (handledNs[seq] === null) {
          handledNs[seq] = t;
          if (++handled === total) allHandled();
        }
      },
    },
  });
  runner.promise.catch(fail);
  await Promise.race([listeningP, sleep(10_000).then(() => Promise.reject(new Error("worker did not LISTEN within 10 s")))]);
  log(`worker running; publishing ${warmup} warm-up + ${count} jobs at ${rate}/s`);

  const intervalNs = BigInt(Math.round(1e9 / rate));
  const pending = [];
  let next = nowNs();
  for (let seq = 0; seq < total && !failure; seq++) {
    // absolute schedule: next += interval
    for (;;) {
      const remainingNs = next - nowNs();
      if (remainingNs <= 0n) break;
      const ms = Number(remainingNs) / 1e6;
      if (ms > 2) await sleep(ms - 1);
      else await new Promise((r) => setImmediate(r));
    }
    if (cleaningUp) throw new Error("interrupted");
    const payload = { ...BASE_PAYLOAD, seq };
    publishNs[seq] = nowNs();
    pending.push(utils.addJob(TASK, payload).catch(fail));
    next += intervalNs;
  }
  await Promise.all(pending);

  const timeout = sleep(LATENCY_TIMEOUT_MS).then(() => "timeout");
  const r = await Promise.race([allHandledP, timeout]);
  if (failure) throw failure;
  if (r === "timeout") throw new Error(`only ${handled}/${total} jobs handled within ${LATENCY_TIMEOUT_MS / 1000} s`);

  const lat = [];
  for (let seq = warmup; seq < total; seq++) lat.push(Number(handledNs[seq] - publishNs[seq]) / 1e6);
  lat.sort((a, b) => a - b);
  const pct = (p) => lat[Math.max(0, Math.ceil((p / 100) * lat.length) - 1)];
  return {
    count,
    rate,
    p50Ms: round(pct(50), 3),
    p99Ms: round(pct(99), 3),
    maxMs: round(lat[lat.length - 1], 3),
    settings:
      `graphile-worker ${GW_VERSION} defaults (concurrentJobs 1, maxPoolSize 10, pollInterval 2000ms, LISTEN/NOTIFY wake-ups, ` +
      `localQueue off, no completion batching); publisher: workerUtils.addJob, one job per call, ` +
      `${warmup} warm-up jobs excluded; latency = addJob call -> handler start`,
  };
}

function round(x, d) {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}

// ---------------------------------------------------------------------------
async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      schema: { type: "string" },
      tasks: { type: "string" },
      settings: { type: "string" },
      rate: { type: "string" },
      count: { type: "string" },
      warmup: { type: "string" },
    },
  });
  const mode = positionals[0];
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) usage("DATABASE_URL is not set");
  const schema = values.schema;
  if (!schema || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) usage(`--schema must be a plain identifier, got ${schema}`);

  let result;
  if (mode === "drain") {
    const tasks = posInt(values.tasks, "tasks");
    if (values.settings !== "default" && values.settings !== "tuned") usage(`--settings must be default or tuned, got ${values.settings}`);
    result = await drain(connectionString, schema, tasks, values.settings);
  } else if (mode === "latency") {
    const rate = Number(values.rate);
    if (!(rate > 0)) usage(`--rate must be a positive number, got ${values.rate}`);
    result = await latency(connectionString, schema, rate, posInt(values.count, "count"), values.warmup === undefined ? 200 : posInt(values.warmup, "warmup", true));
  } else {
    usage(`unknown mode ${mode}`);
  }
  return result;
}

let exitCode = 0;
let output = null;
try {
  output = await main();
} catch (e) {
  exitCode = 1;
  console.error("[bench] FAILED:", e?.stack ?? e);
} finally {
  await cleanup();
}
if (output) process.stdout.write(JSON.stringify(output) + "\n");
process.exit(exitCode);
