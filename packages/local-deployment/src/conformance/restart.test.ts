/**
 * A deployment killed with SIGKILL under load and restarted on the same data dir: signed-in
 * `ConvexClient` writers and subscribers ride through it. No call is refused, nobody is signed
 * out, and every acknowledged write is stored exactly once (test/projects/auth-flow, pushed by the
 * real CLI; the deployment runs in a child process so that it can be killed).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { afterAll, expect, it } from "vitest";
import { authFlowIssuer, pushAuthFlow } from "../test-support/auth-flow.js";
import { ADMIN_KEY, tempDataDir } from "../test-support/deployment.js";
import { waitFor } from "./helpers.js";

const CLI = fileURLToPath(new URL("../cli.ts", import.meta.url));
const WRITERS = 4;
const SUBSCRIBERS = 2;

const children: ChildProcess[] = [];
const clients: ConvexClient[] = [];
const dataDir = tempDataDir();

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const child of children) child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `local-deployment start` (from source) in a child; resolves once it says it is ready. */
async function startChild(port: number, sitePort: number): Promise<ChildProcess> {
  const entry = `import { main } from ${JSON.stringify(CLI)}; main(process.argv.slice(1)).then((c) => process.exit(c));`;
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "--input-type=module",
      "-e",
      entry,
      "start",
      `--port=${port}`,
      `--site-port=${sitePort}`,
      `--data-dir=${dataDir}`,
      `--admin-key=${ADMIN_KEY}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  await waitFor(
    () => output.includes("is ready.") || child.exitCode !== null,
    "the child to start",
  );
  if (child.exitCode !== null) throw new Error(`the deployment exited:\n${output}`);
  return child;
}

it("rides through SIGKILL and restart: nothing refused, nobody signed out, every write once", async () => {
  const issuer = await authFlowIssuer();
  const [port, sitePort] = [await freePort(), await freePort()];
  const first = await startChild(port, sitePort);
  const target = { cloudUrl: `http://127.0.0.1:${port}`, adminKey: ADMIN_KEY };
  // Loading the functions after the restart takes 1.5 s (convex/slowImport.ts): clients
  // reconnect while it runs.
  await pushAuthFlow(target, issuer, { IMPORT_DELAY_MS: "1500" });

  const authChanges: boolean[] = [];
  const signedIn = async (subject: string) => {
    const client = new ConvexClient(target.cloudUrl);
    clients.push(client);
    const tokenText = await issuer.token(subject);
    client.setAuth(
      async () => tokenText,
      (ok) => authChanges.push(ok),
    );
    return client;
  };
  const identities: (string | null)[] = [];
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const client = await signedIn(`reader-${i}`);
    client.onUpdate("identity:get" as never, {} as never, (identity) =>
      identities.push((identity as { subject: string } | null)?.subject ?? null),
    );
  }

  let stop = false;
  const acked: string[] = [];
  const refused: string[] = [];
  const writer = async (w: number) => {
    const client = await signedIn(`writer-${w}`);
    for (let n = 0; !stop; n++) {
      const key = `w${w}-${n}`;
      try {
        acked.push((await client.mutation("identity:record" as never, { key } as never)) as string);
      } catch (e) {
        refused.push(`${key}: ${(e as Error).message}`);
      }
    }
  };
  const writing = Array.from({ length: WRITERS }, (_, w) => writer(w));

  await waitFor(() => acked.length >= 50, "writes before the kill");
  first.kill("SIGKILL");
  await new Promise((resolve) => first.once("exit", resolve));
  const ackedBeforeRestart = acked.length;
  const second = startChild(port, sitePort);
  await waitFor(() => acked.length >= ackedBeforeRestart + 100, "writes after the restart");
  stop = true;
  await Promise.all(writing);
  await second;

  expect(refused).toEqual([]);
  expect(authChanges.length).toBeGreaterThanOrEqual(WRITERS + SUBSCRIBERS);
  expect(authChanges.filter((ok) => !ok)).toEqual([]);
  expect(identities.filter((subject) => subject === null)).toEqual([]);
  const stored = (await new ConvexHttpClient(target.cloudUrl).query(
    "identity:recordedKeys" as never,
    {} as never,
  )) as string[];
  expect(new Set(stored).size).toBe(stored.length);
  expect([...stored].sort()).toEqual([...acked].sort());
});
