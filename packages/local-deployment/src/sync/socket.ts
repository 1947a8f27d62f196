/**
 * The transport under one sync session: text frames in, protocol messages out, liveness and
 * back-pressure. Every heartbeat interval it sends a WebSocket ping (and a protocol `Ping` after
 * PING_INTERVAL_MS without any other message, as the official server does); a peer silent for the
 * heartbeat timeout is dropped without a close handshake. A peer that stops reading (more than the
 * send-buffer limit queued) is closed with 1013 `ClientNotReading` instead of buffering without
 * bound (convex-protocol.md a.12).
 */
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { CLOSE_GRACE_MS, PING_INTERVAL_MS, type SyncLimits } from "./limits.js";
import type { ServerMessage } from "./protocol.js";

export interface SocketHandlers {
  /** A text frame (null: a binary frame, which the protocol does not have). */
  onFrame(text: string | null): void;
  /** The socket is gone or being closed; called once. */
  onClose(): void;
}

export class SyncSocket {
  private closed = false;
  private lastSendAt = Date.now();
  /** Last frame or pong from the peer (ms since the epoch). */
  private lastHeardAt = Date.now();
  private readonly pingTimer: NodeJS.Timeout;

  /**
   * `stream`: the TCP stream under `ws` (what the upgrade handed over), so that `together` can hold
   * several frames for one write.
   */
  constructor(
    private readonly ws: WebSocket,
    private readonly stream: Duplex,
    private readonly limits: SyncLimits,
    private readonly handlers: SocketHandlers,
  ) {
    ws.on("message", (data, isBinary) => {
      this.lastHeardAt = Date.now();
      handlers.onFrame(isBinary ? null : data.toString());
    });
    ws.on("pong", () => (this.lastHeardAt = Date.now()));
    ws.on("close", () => this.gone());
    ws.on("error", () => this.gone());
    this.pingTimer = setInterval(() => this.heartbeat(), limits.heartbeatIntervalMs);
    this.pingTimer.unref();
  }

  send(msg: ServerMessage): void {
    this.sendText(JSON.stringify(msg));
  }

  /** Sends a message already serialized as JSON text; nothing once closed. */
  sendText(text: string): void {
    if (this.closed) return;
    if (this.ws.bufferedAmount > this.limits.sendBufferLimitBytes) {
      this.closeSlowPeer();
      return;
    }
    this.lastSendAt = Date.now();
    this.ws.send(text);
  }

  /**
   * Runs `send`, writing every frame it sends in one system call (the stream is corked meanwhile;
   * ws corks per frame too, and the count nests). A mutation's response and the Transition that
   * acknowledges it go out together this way: one write on the deployment and one read on the
   * client instead of two each.
   */
  together(send: () => void): void {
    this.stream.cork();
    try {
      send();
    } finally {
      this.stream.uncork();
    }
  }

  /** Closes with a close frame (`code`, `reason`) after what is queued. */
  close(code: number, reason: string): void {
    this.ws.close(code, reason);
    this.gone();
  }

  /** Stops the heartbeat; sends nothing more. The session calls it when it closes. */
  dispose(): void {
    this.closed = true;
    clearInterval(this.pingTimer);
  }

  private gone(): void {
    if (this.closed) return;
    this.dispose();
    this.handlers.onClose();
  }

  private heartbeat(): void {
    const now = Date.now();
    if (now - this.lastHeardAt >= this.limits.heartbeatTimeoutMs) {
      // Silent peer (network gone, process frozen): no close handshake to wait for.
      this.ws.terminate();
      this.gone();
      return;
    }
    this.ws.ping();
    if (now - this.lastSendAt >= PING_INTERVAL_MS) this.send({ type: "Ping" });
  }

  /** The peer stopped reading: stop queuing, close, and free the buffer if it never answers. */
  private closeSlowPeer(): void {
    const ws = this.ws;
    const limit = this.limits.sendBufferLimitBytes;
    ws.close(1013, `ClientNotReading: more than ${limit} bytes queued for this socket`);
    setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
    this.gone();
  }
}
