/**
 * Per-socket limits of a sync session: Pings and heartbeats, the send buffer, the Transition
 * interval. `LocalDeploymentOptions.sync` overrides them (tests shorten them).
 */

/** The official sync worker sends a Ping after 15 s without other messages (worker.rs HEARTBEAT_INTERVAL). */
export const PING_INTERVAL_MS = 15_000;
/**
 * WebSocket-level heartbeat: a ping frame every 5 s; a peer that has sent nothing (no frame, no
 * pong) for 120 s is dropped (source: convex-backend crates/local_backend/src/subs/mod.rs).
 */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_TIMEOUT_MS = 120_000;
/**
 * Most bytes a socket may have queued and unsent (`ws.bufferedAmount`) before the next message:
 * past it the peer is not reading, and the socket is closed (1013 "Again", the client reconnects
 * and re-syncs) instead of queuing without bound. One message always goes out, whatever its size.
 */
export const SEND_BUFFER_LIMIT_BYTES = 8 * 1024 * 1024;
/** How long a socket closed for a full send buffer gets to finish its close handshake. */
export const CLOSE_GRACE_MS = 1_000;

/**
 * Least time between two Transitions to one socket, from TRANSITION_INTERVAL_IDLE_MS while the
 * deployment's event loop is mostly idle to TRANSITION_INTERVAL_BUSY_MS (one display frame) while
 * it is busy (`transitionInterval`). A Transition due sooner waits for it, and everything committed
 * meanwhile goes out in that one: under a stream of commits (50 people moving pointers) a client
 * gets fewer, fresher updates instead of one per commit, and a small room's gets them sooner; a
 * commit after a quiet moment goes out at once, and so does a Transition that acknowledges the
 * client's own mutation. Room bench, 10 members, 2 vCPUs: 4 ms gave cursor p50 / p95 5 / 15 ms
 * against 13 / 26 ms at 16 ms, for 42% of a core against 40%.
 */
export const TRANSITION_INTERVAL_IDLE_MS = 4;
export const TRANSITION_INTERVAL_BUSY_MS = 16;
/** Event-loop utilization (0–1) at and below which the idle interval applies, and the busy one at and above. */
export const LOOP_IDLE_UTILIZATION = 0.4;
export const LOOP_BUSY_UTILIZATION = 0.7;

/** Per-socket limits; tests shorten them. Defaults: the constants above. */
export interface SyncLimits {
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  sendBufferLimitBytes: number;
  idleTransitionIntervalMs: number;
  busyTransitionIntervalMs: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
  sendBufferLimitBytes: SEND_BUFFER_LIMIT_BYTES,
  idleTransitionIntervalMs: TRANSITION_INTERVAL_IDLE_MS,
  busyTransitionIntervalMs: TRANSITION_INTERVAL_BUSY_MS,
};

/**
 * The least time between two Transitions (ms) at event-loop utilization `utilization` (0–1):
 * the idle interval up to LOOP_IDLE_UTILIZATION, the busy one from LOOP_BUSY_UTILIZATION,
 * linear between.
 */
export function transitionInterval(utilization: number, limits: SyncLimits): number {
  const { idleTransitionIntervalMs: idle, busyTransitionIntervalMs: busy } = limits;
  const t = (utilization - LOOP_IDLE_UTILIZATION) / (LOOP_BUSY_UTILIZATION - LOOP_IDLE_UTILIZATION);
  return idle + (busy - idle) * Math.min(1, Math.max(0, t));
}
