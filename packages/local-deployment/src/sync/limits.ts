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
 * Least time between two Transitions to one socket (one display frame). A Transition due sooner
 * waits for it, and everything committed meanwhile goes out in that one: under a stream of
 * commits (50 people moving pointers) a client gets fewer, fresher updates instead of one per
 * commit; a commit after a quiet moment goes out at once, and so does a Transition that
 * acknowledges the client's own mutation.
 */
export const MIN_TRANSITION_INTERVAL_MS = 16;

/** Per-socket limits; tests shorten them. Defaults: the constants above. */
export interface SyncLimits {
  heartbeatIntervalMs: number;
  heartbeatTimeoutMs: number;
  sendBufferLimitBytes: number;
  minTransitionIntervalMs: number;
}

export const DEFAULT_SYNC_LIMITS: SyncLimits = {
  heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
  sendBufferLimitBytes: SEND_BUFFER_LIMIT_BYTES,
  minTransitionIntervalMs: MIN_TRANSITION_INTERVAL_MS,
};
