/**
 * Auth: `Authenticate` (tokenType User) to the Transition that advances `endVersion.identity`,
 * over a raw sync-protocol WebSocket: Connect, ModifyQuerySet 0→1 (empty), then R Authenticate
 * messages in a row on the same socket, each with a freshly signed RS256 token (signed before the
 * timing starts). The provider is customJwt (bench/project/convex/auth.config.ts) with its JWKS a
 * `data:` URL in BENCH_JWKS, so after the first token the key set is cached.
 *
 * Baseline (same run, this process): jose `jwtVerify` of the same tokens against a local JWKS
 * (`createLocalJWKSet`) with the same issuer, audience and algorithm checks: the floor, without
 * any socket or session work. The deployment's own TokenVerifier, called in this process, is
 * reported in the notes to split the gap between verification and the protocol round trip.
 */
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
} from "jose";
import crypto from "node:crypto";
import WebSocket from "ws";
import { parseAuthConfig, TokenVerifier } from "../src/auth/verifier.js";
import { now, startDeploymentProc } from "./harness.js";
import { percentile, type Row, type Section } from "./stats.js";

const ISSUER = "https://bench.rooms.example";
const AUDIENCE = "rooms-bench";
const KID = "bench-key";
const STEP_TIMEOUT_MS = 10_000;

export interface AuthKeys {
  /** Deployment environment variables to set before the push. */
  env: Record<string, string>;
  jwks: JSONWebKeySet;
  privateKey: CryptoKey;
}

/** An RS256 key pair and its JWKS as a `data:` URL (BENCH_JWKS, read by auth.config.ts). */
export async function authKeys(): Promise<AuthKeys> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" }] };
  const url = `data:application/json;base64,${Buffer.from(JSON.stringify(jwks)).toString("base64")}`;
  return { env: { BENCH_JWKS: url }, jwks, privateKey };
}

function sign(keys: AuthKeys, i: number): Promise<string> {
  const t = Math.floor(Date.now() / 1000);
  return new SignJWT({ name: `User ${i}` })
    .setProtectedHeader({ alg: "RS256", kid: KID })
    .setIssuer(ISSUER)
    .setSubject(`user-${i}`)
    .setAudience(AUDIENCE)
    .setIssuedAt(t)
    .setExpirationTime(t + 3600)
    .setJti(`${process.pid}-${i}`)
    .sign(keys.privateKey);
}

export interface AuthConfig {
  rounds: number;
  warmupRounds: number;
  dataDir: string;
  deploymentNodeArgs: string[];
}

interface ServerMessage {
  type: string;
  endVersion?: { querySet: number; identity: number };
  error?: string;
}

/**
 * Times Authenticate → identity Transition round trips on one socket, one per entry of `tokens`:
 * a User token, or null for `tokenType: "None"` (the same round trip without verification).
 */
async function socketLatencies(url: string, tokens: (string | null)[]): Promise<number[]> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/api/sync`);
  let waiter: { until: (m: ServerMessage) => boolean; resolve: () => void } | null = null;
  let failure: Error | null = null;
  ws.on("message", (data) => {
    const msg = JSON.parse(data.toString()) as ServerMessage;
    if (msg.type === "AuthError" || msg.type === "FatalError")
      failure = new Error(`${msg.type}: ${msg.error}`);
    if (waiter !== null && (failure !== null || waiter.until(msg))) waiter.resolve();
  });
  const wait = (until: (m: ServerMessage) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("auth: no Transition in time")),
        STEP_TIMEOUT_MS,
      );
      waiter = {
        until,
        resolve: () => {
          clearTimeout(timer);
          waiter = null;
          if (failure !== null) reject(failure);
          else resolve();
        },
      };
    });
  try {
    await new Promise((resolve, reject) => ws.once("open", resolve).once("error", reject));
    const connected = wait((m) => m.type === "Transition" && m.endVersion?.querySet === 1);
    const sessionId = crypto.randomUUID();
    ws.send(
      JSON.stringify({ type: "Connect", sessionId, connectionCount: 0, lastCloseReason: null }),
    );
    ws.send(
      JSON.stringify({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [] }),
    );
    await connected;
    const latencies: number[] = [];
    for (const [k, token] of tokens.entries()) {
      const done = wait((m) => m.type === "Transition" && m.endVersion?.identity === k + 1);
      const t0 = now();
      ws.send(
        JSON.stringify(
          token === null
            ? { type: "Authenticate", baseVersion: k, tokenType: "None" }
            : { type: "Authenticate", baseVersion: k, tokenType: "User", value: token },
        ),
      );
      await done;
      latencies.push(now() - t0);
    }
    return latencies;
  } finally {
    ws.terminate();
  }
}

async function timed(
  tokens: string[],
  verify: (token: string) => Promise<unknown>,
): Promise<number[]> {
  const out: number[] = [];
  for (const token of tokens) {
    const t0 = now();
    await verify(token);
    out.push(now() - t0);
  }
  return out;
}

export async function auth(keys: AuthKeys, config: AuthConfig): Promise<Section> {
  const total = config.warmupRounds + config.rounds;
  const tokens = await Promise.all(Array.from({ length: total }, (_, i) => sign(keys, i)));
  const deployment = await startDeploymentProc(config.dataDir, config.deploymentNodeArgs);
  // User and None alternate on the socket, so both see the same conditions.
  const socket: number[] = [];
  const none: number[] = [];
  try {
    const sequence = tokens.flatMap((t) => [t, null]);
    const times = await socketLatencies(deployment.url, sequence);
    for (let i = 2 * config.warmupRounds; i < times.length; i++)
      (i % 2 === 0 ? socket : none).push(times[i]!);
  } finally {
    await deployment.proc.stop();
  }
  const localJwks = createLocalJWKSet(keys.jwks);
  const options = { issuer: ISSUER, audience: AUDIENCE, algorithms: ["RS256"] };
  const baseline = (await timed(tokens, (t) => jwtVerify(t, localJwks, options))).slice(
    config.warmupRounds,
  );
  const verifier = new TokenVerifier(
    parseAuthConfig({
      providers: [
        {
          type: "customJwt",
          issuer: ISSUER,
          jwks: keys.env.BENCH_JWKS,
          algorithm: "RS256",
          applicationID: AUDIENCE,
        },
      ],
    }),
  );
  const inProcess = (await timed(tokens, (t) => verifier.verify(t))).slice(config.warmupRounds);
  const row = (p: number): Row => ({
    metric: `auth Authenticate → Transition p${p}`,
    unit: "ms",
    value: percentile(socket, p),
    baseline: percentile(baseline, p),
    target: { kind: "none" },
    digits: 2,
  });
  const f = (xs: number[], p: number) => percentile(xs, p).toFixed(3);
  return {
    rows: [row(50), row(95), row(99)],
    notes: [
      `auth: ${config.rounds} Authenticate messages (after ${config.warmupRounds} unmeasured) on one raw sync socket, ` +
        `each with a fresh RS256 token of a customJwt provider whose JWKS is a data: URL (cached after the first); ` +
        `time from send to the Transition whose endVersion.identity advances. Baseline: jose jwtVerify with a ` +
        `local JWKS in the orchestrator. Split of the gap: \`Authenticate None\` (same round trip, no token; ` +
        `alternating with the User ones) p50 ${f(none, 50)} ms, p95 ${f(none, 95)} ms; the deployment's ` +
        `TokenVerifier called in the orchestrator p50 ${f(inProcess, 50)} ms, p95 ${f(inProcess, 95)} ms.`,
    ],
  };
}
