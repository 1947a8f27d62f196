/**
 * File storage: upload and download throughput of one 10 MiB file through the deployment's
 * storage HTTP API, as an app does it: upload = `files:generateUploadUrl` (mutation) + `POST` of
 * the bytes to that URL until `{storageId}` arrives; download = `files:getUrl` (query) + `GET`
 * of that URL until the last byte. The client is fetch (undici) in the orchestrator.
 *
 * Baseline (same run, interleaved round by round): a plain `node:http` file server in its own
 * process (procs/file-server.mjs; POST streams the body to a file, GET streams it back), driven
 * by the same fetch calls. MiB/s from the median time over the rounds.
 */
import { ConvexHttpClient } from "convex/browser";
import { makeFunctionReference } from "convex/server";
import crypto from "node:crypto";
import { now, Proc, startDeploymentProc, tempDir } from "./harness.js";
import { median, type Row, type Section } from "./stats.js";

const generateUploadUrl = makeFunctionReference<"mutation", Record<string, never>, string>(
  "files:generateUploadUrl",
);
const getUrl = makeFunctionReference<"query", { storageId: string }, string | null>("files:getUrl");

const MIB = 2 ** 20;

export interface FilesConfig {
  sizeMiB: number;
  rounds: number;
  warmupRounds: number;
  dataDir: string;
  deploymentNodeArgs: string[];
  /** Minimum share of the baseline's MiB/s, each way. */
  targetRatio: number;
}

interface Transfer {
  upMs: number;
  downMs: number;
  /** Of which: the generateUploadUrl / getUrl calls (deployment only). */
  callsMs: number;
}

/** Reads a response body to the end; returns its length in bytes. */
async function drain(res: Response): Promise<number> {
  if (!res.ok || res.body === null) throw new Error(`files: GET answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) bytes += chunk.length;
  return bytes;
}

async function post(url: string, body: Buffer): Promise<Record<string, string>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/octet-stream" },
    body,
  });
  if (!res.ok) throw new Error(`files: POST answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, string>;
}

async function deploymentTransfer(client: ConvexHttpClient, body: Buffer): Promise<Transfer> {
  const t0 = now();
  const uploadUrl = await client.mutation(generateUploadUrl, {});
  const t0Call = now() - t0;
  const { storageId } = await post(uploadUrl, body);
  const upMs = now() - t0;
  const t1 = now();
  const url = await client.query(getUrl, { storageId: storageId! });
  const t1Call = now() - t1;
  if (url === null) throw new Error(`files: no URL for ${storageId}`);
  const bytes = await drain(await fetch(url));
  const downMs = now() - t1;
  if (bytes !== body.length) throw new Error(`files: downloaded ${bytes} of ${body.length} bytes`);
  return { upMs, downMs, callsMs: t0Call + t1Call };
}

async function baselineTransfer(url: string, body: Buffer): Promise<Transfer> {
  const t0 = now();
  const { id } = await post(`${url}/upload`, body);
  const upMs = now() - t0;
  const t1 = now();
  const bytes = await drain(await fetch(`${url}/files/${id}`));
  const downMs = now() - t1;
  if (bytes !== body.length) throw new Error(`files: downloaded ${bytes} of ${body.length} bytes`);
  return { upMs, downMs, callsMs: 0 };
}

export async function files(config: FilesConfig): Promise<Section> {
  const body = crypto.randomBytes(config.sizeMiB * MIB);
  const deployment = await startDeploymentProc(config.dataDir, config.deploymentNodeArgs);
  const server = new Proc("procs/file-server.mjs", [tempDir("files")]);
  const ours: Transfer[] = [];
  const theirs: Transfer[] = [];
  try {
    const baseUrl = (await server.next<{ url: string }>("ready")).url;
    const client = new ConvexHttpClient(deployment.url, {
      logger: false,
      skipConvexDeploymentUrlCheck: true,
    });
    for (let i = 0; i < config.warmupRounds + config.rounds; i++) {
      const a = await deploymentTransfer(client, body);
      const b = await baselineTransfer(baseUrl, body);
      if (i < config.warmupRounds) continue;
      ours.push(a);
      theirs.push(b);
    }
  } finally {
    await Promise.all([deployment.proc.stop(), server.stop()]);
  }
  const rate = (xs: Transfer[], way: "upMs" | "downMs") =>
    config.sizeMiB / (median(xs.map((x) => x[way])) / 1000);
  const row = (way: "upMs" | "downMs", label: string): Row => ({
    metric: `files ${label} ${config.sizeMiB} MiB`,
    unit: "MiB/s",
    value: rate(ours, way),
    baseline: rate(theirs, way),
    target: { kind: "ratio-min", limit: config.targetRatio },
    digits: 0,
  });
  const ms = (xs: Transfer[], way: keyof Transfer) => median(xs.map((x) => x[way])).toFixed(1);
  return {
    rows: [row("upMs", "upload"), row("downMs", "download")],
    notes: [
      `files: ${config.rounds} rounds (after ${config.warmupRounds} unmeasured) of one ${config.sizeMiB} MiB ` +
        `random file, deployment and baseline interleaved; median upload ${ms(ours, "upMs")} ms ` +
        `(baseline ${ms(theirs, "upMs")} ms), download ${ms(ours, "downMs")} ms (baseline ` +
        `${ms(theirs, "downMs")} ms). Deployment times include the generateUploadUrl and getUrl calls ` +
        `(together ${ms(ours, "callsMs")} ms); ` +
        `baseline: plain node:http server writing to / streaming from a file, no hashing.`,
    ],
  };
}
