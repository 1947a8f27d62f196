/**
 * Query results shared across identities, as Convex's query cache shares them: a query that does
 * not read the caller's identity runs once per timestamp for every subscriber; one that does
 * (itself or through a nested `ctx.runQuery`) runs per identity and each caller sees their own.
 * Re-runs coalesce: a burst of commits re-runs a subscription at most twice, at the newest
 * commit. (test/projects/auth-flow, a custom JWT provider, pushed by the real CLI.)
 */
import fs from "node:fs";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalDeployment } from "../deployment.js";
import {
  AUTH_FLOW_PROJECT,
  authFlowIssuer,
  pushAuthFlow,
  type AuthFlowIssuer,
} from "../test-support/auth-flow.js";
import { runConvexCli, startDeployment, tempDataDir } from "../test-support/deployment.js";
import { waitFor } from "../conformance/helpers.js";

const N = 5;

let dataDir: string;
let dep: LocalDeployment;
let issuer: AuthFlowIssuer;
const clients: ConvexClient[] = [];

beforeAll(async () => {
  issuer = await authFlowIssuer();
  dataDir = tempDataDir();
  dep = await startDeployment({ dataDir });
  await pushAuthFlow(dep, issuer);
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await dep?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** N clients signed in as user-0 … user-(N-1). */
async function signedInClients(): Promise<ConvexClient[]> {
  const made: ConvexClient[] = [];
  for (let i = 0; i < N; i++) {
    const token = await issuer.token(`user-${i}`);
    const client = new ConvexClient(dep.cloudUrl);
    clients.push(client);
    const changes: boolean[] = [];
    client.setAuth(
      async () => token,
      (ok) => changes.push(ok),
    );
    await waitFor(() => changes.length > 0, "the client to authenticate");
    expect(changes).toEqual([true]);
    made.push(client);
  }
  return made;
}

/** Counts the deployment's executions of each query from now on. */
function countRuns(): Map<string, number> {
  const counts = new Map<string, number>();
  const original = dep.runner.runQuery.bind(dep.runner);
  vi.spyOn(dep.runner, "runQuery").mockImplementation((udfPath, ...rest) => {
    counts.set(udfPath, (counts.get(udfPath) ?? 0) + 1);
    return original(udfPath, ...rest);
  });
  return counts;
}

/** Subscribes every client to `query`; resolves with each client's latest value. */
async function subscribeAll(all: ConvexClient[], query: string): Promise<unknown[][]> {
  const seen: unknown[][] = all.map(() => []);
  all.forEach((client, i) =>
    client.onUpdate(query as never, {} as never, (value) => seen[i]!.push(value)),
  );
  await waitFor(() => seen.every((values) => values.length > 0), `${query} for every client`);
  return seen;
}

/** Re-runs every subscription at one new timestamp (a change of environment variables does). */
async function invalidateAll(): Promise<void> {
  const set = await runConvexCli(
    dep,
    ["env", "set", "TOUCH", String(Date.now())],
    AUTH_FLOW_PROJECT,
  );
  expect(set.code).toBe(0);
}

describe("results shared across identities", () => {
  it("runs an identity-free query once for N subscribers with N identities", async () => {
    const all = await signedInClients();
    const seen = await subscribeAll(all, "identity:visitCount");
    const counts = countRuns();
    await new ConvexHttpClient(dep.cloudUrl).mutation("identity:visit" as never, {} as never);
    const before = (seen[0]!.at(-1) as number) + 1;
    await waitFor(() => seen.every((values) => values.at(-1) === before), "the new count");
    expect(counts.get("identity:visitCount")).toBe(1);
  });

  it("runs an identity-reading query per identity; each caller sees their own", async () => {
    const all = await signedInClients();
    const seen = await subscribeAll(all, "identity:get");
    const counts = countRuns();
    await invalidateAll();
    await waitFor(() => counts.get("identity:get") === N, "a re-run per identity");
    const subjects = seen.map((values) => (values.at(-1) as { subject: string }).subject);
    expect(subjects).toEqual(all.map((_, i) => `user-${i}`));
  });

  it("treats a nested runQuery that reads the identity as the outer query reading it", async () => {
    const all = await signedInClients();
    const seen = await subscribeAll(all, "identity:viaNested");
    const counts = countRuns();
    await invalidateAll();
    await waitFor(() => counts.get("identity:viaNested") === N, "a re-run per identity");
    expect(seen.map((values) => (values.at(-1) as { subject: string }).subject)).toEqual(
      all.map((_, i) => `user-${i}`),
    );
    // Served from the shared cache, it would have given everyone the first caller's identity.
    expect(new Set(seen.map((values) => JSON.stringify(values.at(-1)))).size).toBe(N);
  });
});

describe("coalesced re-runs", () => {
  it("re-runs a subscription at most twice for a burst of commits, ending at the newest", async () => {
    const [client] = await signedInClients();
    const values: number[] = [];
    client!.onUpdate("identity:visitCount" as never, {} as never, (v) => values.push(v as number));
    await waitFor(() => values.length > 0, "the first count");
    const start = values.at(-1)!;
    // Every query run waits until the whole burst is committed: the first re-run starts on the
    // first commit, and the other K - 1 commits land while it is in flight.
    let burstCommitted!: () => void;
    const committed = new Promise<void>((resolve) => (burstCommitted = resolve));
    let runs = 0;
    const original = dep.runner.runQuery.bind(dep.runner);
    vi.spyOn(dep.runner, "runQuery").mockImplementation(async (...args) => {
      runs++;
      await committed;
      return original(...args);
    });
    const http = new ConvexHttpClient(dep.cloudUrl);
    const K = 20;
    await Promise.all(
      Array.from({ length: K }, () => http.mutation("identity:visit" as never, {} as never)),
    );
    burstCommitted();
    await waitFor(() => values.at(-1) === start + K, "the count after the burst");
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(2);
  });
});
