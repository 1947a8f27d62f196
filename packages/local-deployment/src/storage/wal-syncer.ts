/**
 * fdatasync of the WAL on a worker thread, with a completion the event loop can see without a turn.
 *
 * A commit is acknowledged only once its batch's WAL frames are on disk. Syncing on the event loop
 * stalls every socket for the fsync (1–5 ms here under load, and far more on a slow disk);
 * syncing on libuv's thread pool hands the completion back on a later turn of the loop, which on a
 * busy deployment is several milliseconds after the fsync ended (room bench, 50 clients, 2 vCPUs:
 * p50 5–7 ms per batch). Here the worker stores the number of the last sync that returned in
 * shared memory: a busy loop reads it (`poll`) at its next commit or flush, a fraction of a
 * millisecond later, and an idle loop is woken by the worker's message. Syncs are numbered and
 * queue on the thread, so the next batch's sync starts as soon as the one before returns, without
 * waiting for the loop to notice (pipelined group commit).
 */
import { Worker } from "node:worker_threads";
import { endWorker } from "./checkpointer.js";

/**
 * CommonJS, evaluated in the worker: fdatasync the descriptor it is sent, then publish the sync's
 * number (word 0) or, on failure, its number in word 1, before the message (when the message
 * arrives, the words are set).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const state = new Int32Array(workerData.shared);
parentPort.on("message", (message) => {
  if (message === "close") {
    parentPort.close();
    return;
  }
  if (Atomics.load(state, 1) !== 0) return; // failed before: nothing after it counts as durable
  try {
    fs.fdatasyncSync(message.fd);
  } catch (e) {
    Atomics.store(state, 1, message.seq);
    parentPort.postMessage({ error: String(e && e.message ? e.message : e) });
    return;
  }
  Atomics.store(state, 0, message.seq);
  parentPort.postMessage({ error: null });
});
`;

/**
 * Where the syncs stand: `synced` is the number of the newest sync that returned (every earlier
 * one has too; 0: none yet); "failed" once a sync failed (no later one runs).
 */
export type WalSyncState = { state: "ok"; synced: number } | { state: "failed"; error: string };

export class WalSyncer {
  private readonly worker: Worker;
  /** [0]: number of the newest sync done; [1]: number of the sync that failed (0: none). */
  private readonly shared = new Int32Array(new SharedArrayBuffer(8));
  private failure: string | null = null;
  private closed = false;
  private started = 0;

  /** `onSettled` runs when the worker reports (the idle loop's wake-up); `poll` may see it sooner. */
  constructor(onSettled: () => void) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Not the parent's flags: under --input-type=module (node -e) the source would be read as
      // an ES module, where `require` does not exist.
      execArgv: [],
      workerData: { shared: this.shared.buffer },
    });
    this.worker.unref();
    this.worker.on("message", (reply: { error: string | null }) => {
      if (reply.error !== null) this.failure = reply.error;
      onSettled();
    });
    this.worker.on("error", (e) => {
      this.fail(`WAL sync thread stopped: ${e.message}`);
      this.closed = true;
      onSettled();
    });
  }

  /**
   * Queues an fdatasync of `fd` behind those already queued; returns its number (1, 2, …). It
   * makes durable everything written to `fd` before the call.
   */
  start(fd: number): number {
    const seq = ++this.started;
    if (this.closed) this.fail("WAL sync thread is closed");
    else this.worker.postMessage({ fd, seq });
    return seq;
  }

  /**
   * Where the syncs stand. A failure's text arrives with the worker's message: until then the
   * failed sync reads as still running.
   */
  poll(): WalSyncState {
    if (this.failure !== null && Atomics.load(this.shared, 1) !== 0) {
      return { state: "failed", error: this.failure };
    }
    return { state: "ok", synced: Atomics.load(this.shared, 0) };
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    if (Atomics.load(this.shared, 1) === 0) Atomics.store(this.shared, 1, -1);
  }

  /** Ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await endWorker(this.worker);
  }
}
