/**
 * Throughput: acknowledged `items:insert` mutations per second from C ConvexClients, each with one
 * mutation in flight (awaited before the next), for a fixed duration. Acknowledged = the client's
 * `mutation()` promise resolved, i.e. the commit is durable (WAL + synchronous=FULL) and the
 * client has seen a Transition at its timestamp.
 *
 * Baseline (same run, same disk): raw better-sqlite3 inserts of the same document JSON with the
 * same durability (WAL + synchronous=FULL): one transaction per insert (vs. 1 client), and
 * batches of C inserts per transaction (vs. C clients: the best case of group commit).
 */
import Database from "better-sqlite3";
import { ConvexClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import path from "node:path";
import { cpuMsOf, now, removeTempDir, startDeploymentProc, tempDir, type Proc } from "./harness.js";
import { percentile, type Row, type Section } from "./stats.js";

const insert = makeFunctionReference<"mutation", { n: number }, null>("items:insert");

export interface ThroughputConfig {
  concurrency: number[];
  durationMs: number;
  /** Mutations per client before the timed window. */
  warmupPerClient: number;
  dataDir: string;
  deploymentNodeArgs: string[];
  /** Target for the highest concurrency (acknowledged inserts/s). */
  targetPerSecond: number;
}

interface Rate {
  perSecond: number;
  count: number;
  p50: number;
  p99: number;
  /** Share of one core used during the timed window: the deployment, and this (client) process. */
  serverCpu: number;
  clientCpu: number;
}

async function deploymentRate(
  server: { proc: Proc; url: string },
  clients: number,
  config: ThroughputConfig,
): Promise<Rate> {
  const url = server.url;
  const all = Array.from(
    { length: clients },
    () => new ConvexClient(url, { logger: false, skipConvexDeploymentUrlCheck: true }),
  );
  try {
    let n = 0;
    await Promise.all(
      all.map(async (client) => {
        for (let i = 0; i < config.warmupPerClient; i++) await client.mutation(insert, { n: n++ });
      }),
    );
    const latencies: number[] = [];
    const serverCpu0 = await cpuMsOf(server.proc);
    const clientCpu0 = process.cpuUsage();
    const start = now();
    const end = start + config.durationMs;
    await Promise.all(
      all.map(async (client) => {
        while (now() < end) {
          const t0 = now();
          await client.mutation(insert, { n: n++ });
          latencies.push(now() - t0);
        }
      }),
    );
    const elapsed = now() - start;
    const clientCpu = process.cpuUsage(clientCpu0);
    const serverCpu = (await cpuMsOf(server.proc)) - serverCpu0;
    return {
      serverCpu: serverCpu / elapsed,
      clientCpu: (clientCpu.user + clientCpu.system) / 1000 / elapsed,
      perSecond: latencies.length / (elapsed / 1000),
      count: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    };
  } finally {
    await Promise.all(all.map((client) => client.close()));
  }
}

/** Raw better-sqlite3 inserts, `batch` per transaction, for `durationMs`. */
function sqliteRate(batch: number, durationMs: number): number {
  const dir = tempDir("sqlite");
  const db = new Database(path.join(dir, "baseline.sqlite3"));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE items (id INTEGER PRIMARY KEY, json TEXT NOT NULL)");
    const stmt = db.prepare("INSERT INTO items (json) VALUES (?)");
    const begin = db.prepare("BEGIN");
    const commit = db.prepare("COMMIT");
    let n = 0;
    const run = (until: number) => {
      let count = 0;
      while (now() < until) {
        begin.run();
        for (let i = 0; i < batch; i++)
          stmt.run(JSON.stringify({ n: n++, _creationTime: Date.now() }));
        commit.run();
        count += batch;
      }
      return count;
    };
    run(now() + Math.min(300, durationMs / 4)); // warm-up: file growth, page cache
    const start = now();
    const count = run(start + durationMs);
    return count / ((now() - start) / 1000);
  } finally {
    db.close();
    removeTempDir(dir);
  }
}

export async function throughput(config: ThroughputConfig): Promise<Section> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const deployment = await startDeploymentProc(config.dataDir, config.deploymentNodeArgs);
  try {
    const top = Math.max(...config.concurrency);
    for (const clients of config.concurrency) {
      const rate = await deploymentRate(deployment, clients, config);
      const baseline = sqliteRate(clients, config.durationMs);
      rows.push({
        metric: `throughput ${clients} client${clients === 1 ? "" : "s"}`,
        unit: "/s",
        value: rate.perSecond,
        baseline,
        target: clients === top ? { kind: "min", limit: config.targetPerSecond } : { kind: "none" },
        digits: 0,
      });
      notes.push(
        `throughput ${clients} client(s): ${rate.count} acknowledged inserts in ${(config.durationMs / 1000).toFixed(1)} s, ` +
          `mutation latency p50 ${rate.p50.toFixed(2)} ms, p99 ${rate.p99.toFixed(2)} ms; ` +
          `CPU: deployment ${(rate.serverCpu * 100).toFixed(0)}% of a core, client process ${(rate.clientCpu * 100).toFixed(0)}%; baseline = better-sqlite3, ` +
          `${clients === 1 ? "one transaction per insert" : `${clients} inserts per transaction`}, WAL + synchronous=FULL`,
      );
    }
    notes.unshift(
      `throughput setup: deployment (dist/) in its own process; ConvexClients in the orchestrator, each awaiting its ` +
        `mutation before sending the next; the target applies to the highest concurrency (one client with one ` +
        `mutation in flight is bound by the round trip, not by the deployment's capacity).`,
    );
    return { rows, notes };
  } finally {
    await deployment.proc.stop();
  }
}
