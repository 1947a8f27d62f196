/**
 * One WebSocket sync session (source: convex@1.48 browser/sync/*; convex-protocol.md a.5–a.12).
 *
 * State machine per socket (everything resets on a new socket):
 *
 *   open ──Connect──▶ connected ──ModifyQuerySet / Authenticate / Mutation / Action──▶ connected
 *     │                  │
 *     └──bad frame──▶ FatalError + close      └──close──▶ closed (actions in flight are dropped)
 *
 * Versions: the server keeps the `{querySet, identity, ts}` it last sent and chains every
 * Transition from it exactly (`startVersion` = last `endVersion`); transitions are computed one at
 * a time. A Transition carries the results of new queries and of subscribed queries whose read set
 * a commit touched, all computed at one snapshot `ts` (the latest durable commit). After a
 * mutation, a Transition reaching its commit ts follows the MutationResponse, which is what
 * resolves the client's promise.
 */
import type { JSONValue } from "convex/values";
import type { WebSocket } from "ws";
import type { ReadSet, WriteKeys } from "../engine/read-set.js";
import type { UserIdentity } from "../runtime/identity.js";
import type { Caller, FunctionRunner, Outcome, QueryRun } from "../runtime/runner.js";
import { canonicalUdfPath } from "../runtime/udf-path.js";
import { encodeTs } from "../values/timestamp.js";
import {
  parseClientMessage,
  ProtocolError,
  type ClientMessage,
  type ServerMessage,
  type StateModification,
} from "./protocol.js";

/** The official sync worker sends a Ping after 15 s without other messages (worker.rs HEARTBEAT_INTERVAL). */
const PING_INTERVAL_MS = 15_000;

export interface SessionServices {
  runner: FunctionRunner;
  adminKey: string;
  /** Latest durable commit timestamp. */
  latestTs(): bigint;
  /** Shared per-timestamp query results, so N subscribers of one query run it once. */
  runQueryCached(udfPath: string, args: JSONValue, caller: Caller, journal: string | null, ts: bigint): Promise<QueryRun>;
  onClose(session: SyncSession): void;
}

interface Subscription {
  udfPath: string;
  args: JSONValue;
  journal: string | null;
  readSet: ReadSet | null;
  lastSent: string | null;
}

export class SyncSession {
  private sessionId: string | null = null;
  private queries = new Map<number, Subscription>();
  private dirty = new Set<number>();
  private removed: number[] = [];
  private querySetVersion = 0;
  private identityVersion = 0;
  private sent = { querySet: 0, identity: 0, ts: 0n };
  private identity: UserIdentity | null = null;
  private isAdmin = false;
  private minTs = 0n;
  private transitionRunning = false;
  private transitionWanted = false;
  private mutationChain: Promise<void> = Promise.resolve();
  private closed = false;
  private clockSkew: number | undefined;
  private lastSendAt = Date.now();
  private readonly pingTimer: NodeJS.Timeout;

  constructor(
    private readonly ws: WebSocket,
    private readonly services: SessionServices,
  ) {
    ws.on("message", (data, isBinary) => this.onFrame(isBinary ? null : data.toString()));
    ws.on("close", () => this.close());
    ws.on("error", () => this.close());
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastSendAt >= PING_INTERVAL_MS) this.send({ type: "Ping" });
    }, PING_INTERVAL_MS / 3);
    this.pingTimer.unref();
  }

  private get caller(): Caller {
    return { identity: this.identity, isAdmin: this.isAdmin };
  }

  private send(msg: ServerMessage): void {
    if (this.closed) return;
    this.lastSendAt = Date.now();
    this.ws.send(JSON.stringify(msg));
  }

  private fatal(error: string): void {
    this.send({ type: "FatalError", error });
    this.ws.close(1000, "FatalError");
    this.close();
  }

  private onFrame(text: string | null): void {
    if (this.closed) return;
    let msg: ClientMessage;
    try {
      if (text === null) throw new ProtocolError("Malformed frame: binary frames are not part of the protocol");
      msg = parseClientMessage(text);
    } catch (e) {
      this.fatal((e as Error).message);
      return;
    }
    try {
      this.handle(msg);
    } catch (e) {
      if (e instanceof ProtocolError) this.fatal(e.message);
      else throw e;
    }
  }

  private handle(msg: ClientMessage): void {
    switch (msg.type) {
      case "Connect":
        this.sessionId = msg.sessionId;
        if (typeof msg.clientTs === "number") this.clockSkew = msg.clientTs - Date.now();
        return;
      case "ModifyQuerySet": {
        if (msg.baseVersion !== this.querySetVersion || msg.newVersion <= msg.baseVersion) {
          throw new ProtocolError(
            `Invalid ModifyQuerySet: baseVersion ${msg.baseVersion} does not match the server's query set version ${this.querySetVersion}, or newVersion ${msg.newVersion} is not greater`,
          );
        }
        this.querySetVersion = msg.newVersion;
        for (const mod of msg.modifications) {
          if (mod.type === "Add") {
            if (this.queries.has(mod.queryId)) throw new ProtocolError(`Query ${mod.queryId} is already in the query set`);
            this.queries.set(mod.queryId, {
              udfPath: canonicalUdfPath(mod.udfPath),
              args: mod.args as JSONValue,
              journal: mod.journal ?? null,
              readSet: null,
              lastSent: null,
            });
            this.dirty.add(mod.queryId);
          } else {
            this.queries.delete(mod.queryId);
            this.dirty.delete(mod.queryId);
            this.removed.push(mod.queryId);
          }
        }
        this.scheduleTransition();
        return;
      }
      case "Authenticate":
        this.authenticate(msg);
        return;
      case "Mutation":
        this.mutation(msg.requestId, msg.udfPath, msg.args as JSONValue, msg.componentPath);
        return;
      case "Action":
        void this.action(msg.requestId, msg.udfPath, msg.args as JSONValue, msg.componentPath);
        return;
      case "Event":
        return;
      default:
        msg satisfies never;
    }
  }

  private authenticate(msg: Extract<ClientMessage, { type: "Authenticate" }>): void {
    if (msg.baseVersion !== this.identityVersion) {
      throw new ProtocolError(
        `Invalid Authenticate: baseVersion ${msg.baseVersion} does not match the server's identity version ${this.identityVersion}`,
      );
    }
    if (msg.tokenType === "User") {
      this.send({
        type: "AuthError",
        error: "User authentication (JWT) is not supported yet by the local deployment.",
        baseVersion: this.identityVersion,
        authUpdateAttempted: true,
      });
      return;
    }
    if (msg.tokenType === "Admin") {
      if (msg.value !== this.services.adminKey) {
        this.send({
          type: "AuthError",
          error: "The admin key is invalid for this deployment.",
          baseVersion: this.identityVersion,
          authUpdateAttempted: true,
        });
        return;
      }
      this.isAdmin = true;
      this.identity = (msg.impersonating as UserIdentity | undefined) ?? null;
    } else {
      this.isAdmin = false;
      this.identity = null;
    }
    this.identityVersion = msg.baseVersion + 1;
    for (const id of this.queries.keys()) this.dirty.add(id);
    this.scheduleTransition();
  }

  private mutation(requestId: number, udfPath: string, args: JSONValue, componentPath?: string): void {
    const sessionId = this.sessionId ?? "";
    this.mutationChain = this.mutationChain.then(async () => {
      if (componentPath) {
        this.send({ type: "MutationResponse", requestId, success: false, result: "Components are not supported by the local deployment.", ts: null, logLines: [] });
        return;
      }
      const { outcome, ts } = await this.services.runner.runMutation(udfPath, args, this.caller, { sessionId, requestId });
      if (outcome.ok && ts !== null) {
        this.send({ type: "MutationResponse", requestId, success: true, result: outcome.value, ts: encodeTs(ts), logLines: outcome.logLines });
        if (ts > this.minTs) this.minTs = ts;
        this.scheduleTransition();
      } else if (!outcome.ok) {
        this.send({ type: "MutationResponse", requestId, ts: null, ...failure(outcome) });
      }
    });
  }

  private async action(requestId: number, udfPath: string, args: JSONValue, componentPath?: string): Promise<void> {
    if (componentPath) {
      this.send({ type: "ActionResponse", requestId, success: false, result: "Components are not supported by the local deployment.", logLines: [] });
      return;
    }
    const outcome = await this.services.runner.runAction(udfPath, args, this.caller);
    if (outcome.ok) this.send({ type: "ActionResponse", requestId, success: true, result: outcome.value, logLines: outcome.logLines });
    else this.send({ type: "ActionResponse", requestId, ...failure(outcome) });
  }

  /** Called after every durable commit (any session, HTTP, scheduler). */
  onCommit(writes: WriteKeys | "all"): void {
    let touched = false;
    for (const [id, sub] of this.queries) {
      if (writes === "all" || sub.readSet === null || sub.readSet.intersects(writes)) {
        this.dirty.add(id);
        touched = true;
      }
    }
    if (touched) this.scheduleTransition();
  }

  private scheduleTransition(): void {
    this.transitionWanted = true;
    if (this.transitionRunning || this.closed) return;
    this.transitionRunning = true;
    void this.runTransitions().finally(() => {
      this.transitionRunning = false;
    });
  }

  private async runTransitions(): Promise<void> {
    while (this.transitionWanted && !this.closed) {
      this.transitionWanted = false;
      const endQs = this.querySetVersion;
      const endId = this.identityVersion;
      const ts = this.services.latestTs();
      const todo = [...this.dirty];
      this.dirty.clear();
      const removed = this.removed;
      this.removed = [];
      const caller = this.caller;
      const runs = await Promise.all(
        todo.map(async (id) => {
          const sub = this.queries.get(id)!;
          return { id, sub, run: await this.services.runQueryCached(sub.udfPath, sub.args, caller, sub.journal, ts) };
        }),
      );
      const modifications: StateModification[] = removed.map((queryId) => ({ type: "QueryRemoved", queryId }));
      for (const { id, sub, run } of runs) {
        if (this.queries.get(id) !== sub) continue; // removed while running
        sub.readSet = run.readSet;
        sub.journal = run.journal ?? sub.journal;
        const mod = toModification(id, run.outcome, sub.journal);
        const text = JSON.stringify(mod);
        if (text === sub.lastSent) continue;
        sub.lastSent = text;
        modifications.push(mod);
      }
      const changedVersion = endQs !== this.sent.querySet || endId !== this.sent.identity;
      if (modifications.length === 0 && !changedVersion && this.sent.ts >= this.minTs) continue;
      const endTs = ts > this.sent.ts ? ts : this.sent.ts;
      this.send({
        type: "Transition",
        startVersion: { querySet: this.sent.querySet, identity: this.sent.identity, ts: encodeTs(this.sent.ts) },
        endVersion: { querySet: endQs, identity: endId, ts: encodeTs(endTs) },
        modifications,
        ...(this.clockSkew === undefined ? {} : { clientClockSkew: this.clockSkew }),
        serverTs: Date.now() * 1_000_000,
      });
      this.sent = { querySet: endQs, identity: endId, ts: endTs };
      if (this.minTs > endTs) this.transitionWanted = true;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    this.services.onClose(this);
  }
}

function failure(outcome: Extract<Outcome, { ok: false }>) {
  return {
    success: false as const,
    result: outcome.message,
    logLines: outcome.logLines,
    ...(outcome.data === undefined ? {} : { errorData: outcome.data }),
  };
}

function toModification(queryId: number, outcome: Outcome, journal: string | null): StateModification {
  if (outcome.ok) return { type: "QueryUpdated", queryId, value: outcome.value, logLines: outcome.logLines, journal };
  return {
    type: "QueryFailed",
    queryId,
    errorMessage: outcome.message,
    logLines: outcome.logLines,
    journal,
    ...(outcome.data === undefined ? {} : { errorData: outcome.data }),
  };
}
