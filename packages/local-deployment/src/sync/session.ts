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
import type { Duplex } from "node:stream";
import type { JSONValue } from "convex/values";
import type { WebSocket } from "ws";
import type { ReadSet, WriteKeys } from "../engine/read-set.js";
import { impersonatedIdentity, type UserIdentity } from "../runtime/identity.js";
import type { Caller, FunctionRunner, QueryRun } from "../runtime/runner.js";
import { canonicalUdfPath } from "../runtime/udf-path.js";
import { logError } from "../log.js";
import { encodeTs } from "../values/timestamp.js";
import { tokenExpiry } from "../auth/verifier.js";
import {
  parseClientMessage,
  ProtocolError,
  type ClientMessage,
  type ServerMessage,
} from "./protocol.js";
import type { QueryCacheKey } from "../runtime/query-cache.js";
import type { SyncLimits } from "./limits.js";
import { SyncSocket } from "./socket.js";
import { failure, modificationText, subscriptionKey, versionText } from "./wire-text.js";

export interface SessionServices {
  runner: FunctionRunner;
  adminKey: string;
  /** Latest durable commit timestamp. */
  latestTs(): bigint;
  /**
   * Shared per-timestamp query results, so N subscribers of one query run it once (across
   * identities when the query does not read the identity). `cacheKey` names the query and the
   * caller (the session builds it); null runs the query unshared.
   */
  runQueryCached(
    udfPath: string,
    args: JSONValue,
    caller: Caller,
    journal: string | null,
    ts: bigint,
    cacheKey: QueryCacheKey | null,
  ): Promise<QueryRun>;
  /** Verifies a user JWT; throws with the reason the client sees. */
  verifyToken(token: string): Promise<UserIdentity>;
  onClose(session: SyncSession): void;
  limits: SyncLimits;
  /** The least time between two Transitions now (ms; limits.ts `transitionInterval`). */
  transitionIntervalMs(): number;
}

interface Subscription {
  udfPath: string;
  args: JSONValue;
  journal: string | null;
  readSet: ReadSet | null;
  lastSent: string | null;
  /**
   * `[udfPath, args]` as JSON, computed once: part of the shared-result cache key. Null for args
   * too deep to serialize (the run fails with Convex's nesting error; nothing to share).
   */
  key: string | null;
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
  /**
   * A MutationResponse went out since the last Transition. The client resolves the mutation only on
   * a Transition that arrives after the response (request_manager.ts removeCompleted), so one must
   * follow even when the commit ts was already covered (a re-sent mutation answered from dedupe).
   */
  private ackWanted = false;
  private transitionRunning = false;
  private transitionWanted = false;
  /** When the last Transition went out (ms since the epoch), and the timer waiting to send one. */
  private lastTransitionAt = 0;
  private transitionTimer: NodeJS.Timeout | null = null;
  private mutationChain: Promise<void> = Promise.resolve();
  private inbound: Promise<void> = Promise.resolve();
  /** When the accepted user token expires (ms since the epoch), or null. */
  private tokenExpiresAt: number | null = null;
  private closed = false;
  private clockSkew: number | undefined;
  private readonly socket: SyncSocket;

  /** `stream`: the TCP stream under `ws`, as the upgrade handed it over. */
  constructor(
    ws: WebSocket,
    stream: Duplex,
    private readonly services: SessionServices,
  ) {
    this.socket = new SyncSocket(ws, stream, services.limits, {
      onFrame: (text) => this.onFrame(text),
      onClose: () => this.close(),
    });
  }

  private get caller(): Caller {
    return { identity: this.identity, isAdmin: this.isAdmin };
  }

  private send(msg: ServerMessage): void {
    if (!this.closed) this.socket.send(msg);
  }

  private sendText(text: string): void {
    if (!this.closed) this.socket.sendText(text);
  }

  private fatal(error: string): void {
    this.send({ type: "FatalError", error });
    this.socket.close(1000, "FatalError");
    this.close();
  }

  private onFrame(text: string | null): void {
    if (this.closed) return;
    let msg: ClientMessage;
    try {
      if (text === null)
        throw new ProtocolError("Malformed frame: binary frames are not part of the protocol");
      msg = parseClientMessage(text);
    } catch (e) {
      this.fatal((e as Error).message);
      return;
    }
    // Frames are handled in arrival order; only Authenticate (token verification) waits.
    this.inbound = this.inbound
      .then(() => this.handle(msg))
      .catch((e: unknown) => {
        if (e instanceof ProtocolError) this.fatal(e.message);
        else logError("sync session error:", e);
      });
  }

  private handle(msg: ClientMessage): void | Promise<void> {
    // The client sends Connect first on every socket (a.5); without it there is no session to
    // dedupe mutations by or to report, so anything but telemetry before it is a protocol error.
    if (this.sessionId === null && msg.type !== "Connect" && msg.type !== "Event")
      throw new ProtocolError(`Received ${msg.type} before Connect: Connect must come first`);
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
            if (this.queries.has(mod.queryId))
              throw new ProtocolError(`Query ${mod.queryId} is already in the query set`);
            this.queries.set(mod.queryId, {
              udfPath: canonicalUdfPath(mod.udfPath),
              args: mod.args as JSONValue,
              journal: mod.journal ?? null,
              readSet: null,
              lastSent: null,
              key: subscriptionKey(canonicalUdfPath(mod.udfPath), mod.args as JSONValue),
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
        return this.authenticate(msg);
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

  private async authenticate(msg: Extract<ClientMessage, { type: "Authenticate" }>): Promise<void> {
    if (msg.baseVersion !== this.identityVersion) {
      throw new ProtocolError(
        `Invalid Authenticate: baseVersion ${msg.baseVersion} does not match the server's identity version ${this.identityVersion}`,
      );
    }
    this.tokenExpiresAt = null;
    if (msg.tokenType === "User") {
      try {
        this.identity = await this.services.verifyToken(msg.value!);
      } catch (e) {
        // Rejected: the client fetches a fresh token and reconnects (authentication_manager.ts).
        this.authError((e as Error).message, true);
        return;
      }
      this.isAdmin = false;
      const exp = tokenExpiry(msg.value!);
      this.tokenExpiresAt = exp === null ? null : exp * 1000;
    } else if (msg.tokenType === "Admin") {
      if (msg.value !== this.services.adminKey) {
        this.authError("The provided admin key was invalid for this instance.", true);
        return;
      }
      this.isAdmin = true;
      this.identity = impersonatedIdentity(msg.impersonating);
    } else {
      this.isAdmin = false;
      this.identity = null;
    }
    this.identityVersion = msg.baseVersion + 1;
    for (const id of this.queries.keys()) this.dirty.add(id);
    this.scheduleTransition();
  }

  /** Sends AuthError and closes the socket, as the official sync worker does. */
  private authError(error: string, authUpdateAttempted: boolean): void {
    this.send({ type: "AuthError", error, baseVersion: this.identityVersion, authUpdateAttempted });
    this.socket.close(1000, "AuthError");
    this.close();
  }

  /** False (after an AuthError) when the session's token has expired since it was accepted. */
  private tokenStillValid(): boolean {
    if (this.tokenExpiresAt === null || Date.now() < this.tokenExpiresAt) return true;
    this.authError("Token expired", false);
    return false;
  }

  private mutation(
    requestId: number,
    udfPath: string,
    args: JSONValue,
    componentPath?: string,
  ): void {
    const sessionId = this.sessionId!;
    if (!this.tokenStillValid()) return;
    const caller = this.caller;
    this.mutationChain = this.mutationChain.then(async () => {
      // The socket is gone: the client re-sends this mutation (same requestId) when it reconnects.
      if (this.closed) return;
      if (componentPath) {
        this.send({
          type: "MutationResponse",
          requestId,
          success: false,
          result: "Components are not supported by the local deployment.",
          ts: null,
          logLines: [],
        });
        return;
      }
      const { outcome, ts } = await this.services.runner.runMutation(udfPath, args, caller, {
        sessionId,
        requestId,
      });
      if (outcome.ok && ts !== null) {
        // The Transition that acknowledges it usually goes out in this same call (when no query
        // has to re-run first): both frames in one write.
        this.socket.together(() => {
          this.send({
            type: "MutationResponse",
            requestId,
            success: true,
            result: outcome.value,
            ts: encodeTs(ts),
            logLines: outcome.logLines,
          });
          if (ts > this.minTs) this.minTs = ts;
          this.ackWanted = true;
          this.scheduleTransition();
        });
      } else if (!outcome.ok) {
        this.send({
          type: "MutationResponse",
          requestId,
          ts: null,
          ...failure(outcome, sessionId, requestId),
        });
      }
    });
  }

  private async action(
    requestId: number,
    udfPath: string,
    args: JSONValue,
    componentPath?: string,
  ): Promise<void> {
    if (componentPath) {
      this.send({
        type: "ActionResponse",
        requestId,
        success: false,
        result: "Components are not supported by the local deployment.",
        logLines: [],
      });
      return;
    }
    if (!this.tokenStillValid()) return;
    const outcome = await this.services.runner.runAction(udfPath, args, this.caller);
    if (outcome.ok)
      this.send({
        type: "ActionResponse",
        requestId,
        success: true,
        result: outcome.value,
        logLines: outcome.logLines,
      });
    else
      this.send({
        type: "ActionResponse",
        requestId,
        ...failure(outcome, this.sessionId ?? "", requestId),
      });
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

  /**
   * How long the next Transition must wait (ms; ≤ 0: now). One that acknowledges a mutation never
   * waits: the client resolves the mutation on it.
   */
  private transitionDelay(): number {
    if (this.ackWanted || this.minTs > this.sent.ts) return 0;
    return this.lastTransitionAt + this.services.transitionIntervalMs() - Date.now();
  }

  private scheduleTransition(): void {
    this.transitionWanted = true;
    if (this.transitionRunning || this.closed || this.transitionTimer !== null) return;
    const wait = this.transitionDelay();
    if (wait > 0) {
      this.transitionTimer = setTimeout(() => {
        this.transitionTimer = null;
        if (this.transitionWanted) this.scheduleTransition();
      }, wait);
      return;
    }
    this.transitionRunning = true;
    void this.runTransitions();
  }

  private async runTransitions(): Promise<void> {
    try {
      while (this.transitionWanted && !this.closed) {
        // One Transition per interval: what comes sooner waits (see `finally`).
        if (this.transitionDelay() > 0) break;
        this.transitionWanted = false;
        // As the official server does before each transition: an expired token ends the session
        // with AuthError(authUpdateAttempted: false) instead of serving results under it.
        if (!this.tokenStillValid()) return;
        const endQs = this.querySetVersion;
        const endId = this.identityVersion;
        const ts = this.services.latestTs();
        const todo = [...this.dirty];
        this.dirty.clear();
        const removed = this.removed;
        this.removed = [];
        const caller = this.caller;
        const callerKey = caller.isAdmin
          ? `admin:${JSON.stringify(caller.identity)}`
          : (caller.identity?.tokenIdentifier ?? "");
        // Await only when there are queries to run: a Transition that just carries a mutation's
        // commit timestamp goes out in the same tick as its MutationResponse.
        const runs =
          todo.length === 0
            ? []
            : await Promise.all(
                todo.map((id) => {
                  const sub = this.queries.get(id)!;
                  return this.services
                    .runQueryCached(
                      sub.udfPath,
                      sub.args,
                      caller,
                      sub.journal,
                      ts,
                      sub.key === null
                        ? null
                        : { query: `${sub.key}\u0000${sub.journal ?? ""}`, caller: callerKey },
                    )
                    .then((run) => ({ id, sub, run }));
                }),
              );
        const modifications = removed.map((queryId) =>
          JSON.stringify({ type: "QueryRemoved", queryId }),
        );
        for (const { id, sub, run } of runs) {
          if (this.queries.get(id) !== sub) continue; // removed while running
          sub.readSet = run.readSet;
          sub.journal = run.journal ?? sub.journal;
          const text = modificationText(id, run.outcome, sub.journal, this.sessionId!);
          if (text === sub.lastSent) continue;
          sub.lastSent = text;
          modifications.push(text);
        }
        const changedVersion = endQs !== this.sent.querySet || endId !== this.sent.identity;
        if (
          modifications.length === 0 &&
          !changedVersion &&
          this.sent.ts >= this.minTs &&
          !this.ackWanted
        )
          continue;
        this.ackWanted = false;
        const endTs = ts > this.sent.ts ? ts : this.sent.ts;
        // Built as text: the modifications are already JSON (shared between sessions), and every
        // other field is a number or a base64 string (same fields and order as JSON.stringify of
        // the Transition message).
        const skew =
          this.clockSkew === undefined
            ? ""
            : `,"clientClockSkew":${JSON.stringify(this.clockSkew)}`;
        this.sendText(
          `{"type":"Transition","startVersion":${versionText(this.sent.querySet, this.sent.identity, this.sent.ts)},` +
            `"endVersion":${versionText(endQs, endId, endTs)},"modifications":[${modifications.join(",")}]${skew},` +
            `"serverTs":${Date.now() * 1_000_000}}`,
        );
        this.lastTransitionAt = Date.now();
        this.sent = { querySet: endQs, identity: endId, ts: endTs };
        if (this.minTs > endTs) this.transitionWanted = true;
      }
    } finally {
      // Inline (not in a later microtask): a scheduleTransition() right after the loop ends must
      // start a new run, and the loop can finish synchronously when no query has to run.
      this.transitionRunning = false;
      if (this.transitionWanted && !this.closed) this.scheduleTransition();
    }
  }

  /** Queries this client is subscribed to. */
  get subscriptionCount(): number {
    return this.queries.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.dispose();
    if (this.transitionTimer !== null) clearTimeout(this.transitionTimer);
    this.services.onClose(this);
  }
}
