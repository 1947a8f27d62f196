/**
 * Shared helpers of the conformance suite: a started deployment with the fixture functions pushed,
 * real clients pointed at it, a raw protocol WebSocket for what the clients hide, and bounded
 * polling instead of sleeps.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi, type FunctionReference } from "convex/server";
import { convexToJson, type Value } from "convex/values";
import WebSocket from "ws";
import type { LocalDeployment, LocalDeploymentOptions } from "../deployment.js";
import { startWithFixtures, tempDataDir } from "../test-support/deployment.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures have no generated types
type Ref = FunctionReference<any, "public">;
type Module<Names extends string> = { readonly [K in Names]: Ref };

/** The fixture modules (test/fixtures/convex), plus modules the CLI tests push or expect missing. */
interface FixtureApi {
  actions: Module<"incrementAndRead">;
  counters: Module<"get" | "getWithNonce" | "increment" | "slowIncrement" | "incrementThenThrow">;
  data: Module<
    | "insertPerson"
    | "patchPerson"
    | "people"
    | "insertBlob"
    | "blobSizes"
    | "latestBlob"
    | "putNote"
    | "notes"
  >;
  errors: Module<"queryConvexError" | "mutationConvexError" | "actionConvexError" | "plainError">;
  internal: Module<"secret" | "bumpCounter">;
  messages: Module<"send" | "byChannel" | "range" | "take" | "first" | "unique" | "filtered">;
  mixed: Module<"insert" | "ordered" | "compare" | "indexRange">;
  nested: Module<"outerCatches" | "outerThrowsAfterChild" | "outerQuery">;
  others: Module<"insert" | "count">;
  pagination: Module<"add" | "addMany" | "page" | "evens" | "twoPaginates" | "remove">;
  validated: Module<"echo" | "echoMutation" | "badReturn" | "badReturnMutation" | "roundTrip">;
  broken: Module<"hello">;
  env: Module<"read">;
  extra: Module<"hello">;
  nope: Module<"missing">;
  version: Module<"get">;
}

/** Function references into the fixture project, without `_generated` (`anyApi` underneath). */
export const api = anyApi as unknown as FixtureApi;

export interface Fixture {
  dep: LocalDeployment;
  dataDir: string;
  http(): ConvexHttpClient;
  client(): ConvexClient;
  /** Closes the clients made so far (call in afterEach so sockets do not leak between tests). */
  closeClients(): Promise<void>;
  /** Closes clients and the deployment; removes the data dir unless `keepData`. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** Starts a deployment on free ports in a temp dir, pushes the fixtures, and tracks clients. */
export async function startFixture(options: LocalDeploymentOptions = {}): Promise<Fixture> {
  const dataDir = options.dataDir ?? tempDataDir();
  const dep = await startWithFixtures({ ...options, dataDir });
  const clients: ConvexClient[] = [];
  return {
    dep,
    dataDir,
    http: () => new ConvexHttpClient(dep.cloudUrl),
    client: () => {
      const c = new ConvexClient(dep.cloudUrl);
      clients.push(c);
      return c;
    },
    closeClients: async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    },
    close: async (closeOptions = {}) => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      await dep.close();
      if (closeOptions.keepData !== true) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `setAdminAuth` of either client: public at runtime, `@internal` (not in the .d.ts) in convex 1.48. */
export function setAdminAuth(client: ConvexClient | ConvexHttpClient, adminKey: string): void {
  (client as unknown as { setAdminAuth(key: string): void }).setAdminAuth(adminKey);
}

/**
 * Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`.
 * The bound is for liveness, not speed: CI runs these tests beside the e2e suite on 2 cores.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Records every value a subscription delivers. */
export class Recorder<T = unknown> {
  readonly values: T[] = [];
  readonly errors: Error[] = [];
  readonly onValue = (value: T) => {
    this.values.push(value);
  };
  readonly onError = (e: Error) => {
    this.errors.push(e);
  };
  get last(): T | undefined {
    return this.values[this.values.length - 1];
  }
  /** Waits until the latest value satisfies `pred`. */
  until(pred: (value: T) => boolean, what = "a matching subscription value"): Promise<T> {
    return waitFor(
      () => (this.values.length > 0 && pred(this.last as T) ? (this.last as T) : undefined),
      what,
    );
  }
}

/** Wire form of function arguments: a one-element array holding the convex-encoded object. */
export function wireArgs(args: Record<string, Value> = {}): unknown[] {
  return [convexToJson(args)];
}

// ---- Raw protocol socket ------------------------------------------------------------------------

/** A protocol message as parsed JSON (loosely typed on purpose: tests probe arbitrary fields). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export const ZERO_TS = "AAAAAAAAAAA=";

export function decodeWireTs(ts: string): bigint {
  return Buffer.from(ts, "base64").readBigUInt64LE(0);
}

/** A WebSocket speaking the sync protocol by hand; records every message from the server. */
export class RawSocket {
  readonly messages: Json[] = [];
  closed = false;
  closeCode: number | null = null;
  private cursor = 0;

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => this.messages.push(JSON.parse(data.toString()) as Json));
    ws.on("close", (code) => {
      this.closed = true;
      this.closeCode = code;
    });
  }

  static async open(cloudUrl: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
    const ws = new WebSocket(`${cloudUrl.replace(/^http/, "ws")}/api/1.48.0/sync`, options);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    return new RawSocket(ws);
  }

  /** Opens a socket and sends Connect (+ the empty ModifyQuerySet every real client sends). */
  static async connect(
    cloudUrl: string,
    sessionId: string = crypto.randomUUID(),
    connect: Json = {},
  ): Promise<RawSocket & { sessionId: string }> {
    const socket = await RawSocket.open(cloudUrl);
    socket.send({
      type: "Connect",
      sessionId,
      connectionCount: 0,
      lastCloseReason: "InitialConnect",
      clientTs: Date.now(),
      ...connect,
    });
    return Object.assign(socket, { sessionId });
  }

  send(msg: Json | string): void {
    this.ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
  }

  transitions(): Json[] {
    return this.messages.filter((m) => m.type === "Transition");
  }

  /** Waits for the next not-yet-consumed message matching `pred` (messages before it are skipped). */
  async next(pred: (m: Json) => boolean, what = "a matching message"): Promise<Json> {
    return waitFor(() => {
      for (let i = this.cursor; i < this.messages.length; i++) {
        if (pred(this.messages[i]!)) {
          this.cursor = i + 1;
          return this.messages[i]!;
        }
      }
      return undefined;
    }, what);
  }

  /** Waits for a Transition whose modifications include `queryId`; returns that modification. */
  async queryResult(queryId: number): Promise<Json> {
    const t = await this.next(
      (m) => m.type === "Transition" && m.modifications.some((x: Json) => x.queryId === queryId),
      `a Transition for query ${queryId}`,
    );
    return t.modifications.find((x: Json) => x.queryId === queryId) as Json;
  }

  waitClosed(): Promise<true> {
    return waitFor(() => this.closed, "the socket to close");
  }

  close(): void {
    this.ws.terminate();
  }
}
