/**
 * The deployment's sync endpoint: accepts WebSocket upgrades at `/api/sync` (and
 * `/api/<version>/sync`, as the official backend routes it), runs one SyncSession per socket, tells
 * every session about each durable commit, and spaces Transitions by the event loop's load
 * (loop-load.ts, limits.ts `transitionInterval`).
 */
import type http from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { WriteKeys } from "../engine/read-set.js";
import { transitionInterval, type SyncLimits } from "./limits.js";
import { LoopLoad } from "./loop-load.js";
import { SyncSession, type SessionServices } from "./session.js";

const SYNC_PATH = /^\/api\/(?:[^/]+\/)?sync$/;
/** Largest client message accepted (bytes); larger frames close the socket (ws `maxPayload`). */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/** What each session needs from the deployment (the server adds the rest). */
export type SyncServices = Omit<SessionServices, "onClose" | "limits" | "transitionIntervalMs">;

export class SyncServer {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly sessions = new Set<SyncSession>();
  /** How busy the event loop is: Transitions are spaced more as it fills. */
  private readonly loopLoad = new LoopLoad();
  private closed = false;

  constructor(
    private readonly services: SyncServices,
    private readonly limits: SyncLimits,
    /** Resolves once the deployment serves (an upgrade that arrives earlier waits for it). */
    private readonly ready: Promise<void>,
  ) {}

  /** Handles an HTTP upgrade: a sync socket, or 404 for any other path. */
  onUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (!SYNC_PATH.test(url.pathname)) {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    void this.ready.then(() => {
      if (this.closed) socket.destroy();
      else if (!socket.destroyed) this.accept(req, socket, head);
    });
  }

  private accept(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const session = new SyncSession(ws, socket, {
        ...this.services,
        onClose: (s) => this.sessions.delete(s),
        limits: this.limits,
        transitionIntervalMs: () => transitionInterval(this.loopLoad.utilization, this.limits),
      });
      this.sessions.add(session);
    });
  }

  /** Tells every session about a durable commit ("all": functions, schema or env changed). */
  onCommit(writes: WriteKeys | "all"): void {
    for (const session of this.sessions) session.onCommit(writes);
  }

  /** Open sync sockets and their subscribed queries, for the dashboard's health view. */
  stats(): { sockets: number; subscriptions: number } {
    let subscriptions = 0;
    for (const session of this.sessions) subscriptions += session.subscriptionCount;
    return { sockets: this.sessions.size, subscriptions };
  }

  /**
   * Closes every socket and stops every session now (their sockets' close events may come later):
   * queued mutations of a session are not started, and the clients re-send them; mutations
   * already started still commit. Upgrades that arrive later are refused.
   */
  close(): void {
    this.closed = true;
    this.loopLoad.stop();
    for (const client of this.wss.clients) client.terminate();
    for (const session of this.sessions) session.close();
  }
}
