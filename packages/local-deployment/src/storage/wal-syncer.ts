/**
 * fdatasync of the WAL on a worker thread, with a completion the event loop can see without a turn.
 *
 * A commit is acknowledged only once its batch's WAL frames are on disk. Syncing on the event loop
 * stalls every socket for the fsync (1–5 ms here under load, and far more on a slow disk);
 * syncing on libuv's thread pool hands the completion back on a later turn of the loop, which on a
 * busy deployment is several milliseconds after the fsync ended (room bench, 50 clients, 2 vCPUs:
 * p50 5–7 ms per batch). Here the worker stores the outcome in shared memory as soon as the fsync
 * returns: a busy loop reads it (`poll`) at its next commit or flush, a fraction of a millisecond
 * later, and an idle loop is woken by the worker's message. The loop keeps executing the next
 * batch's mutations meanwhile (pipelined group commit).
 */
import { Worker } from "node:worker_threads";
import { endWorker } from "./checkpointer.js";

/** CommonJS, evaluated in the worker: fdatasync the descriptor it is sent, then publish the outcome. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const state = new Int32Array(workerData.shared);
parentPort.on("message", (message) => {
  if (message === "close") {
    parentPort.close();
    return;
  }
  try {
    fs.fdatasyncSync(message.fd);
  } catch (e) {
    // The state before the message, as for success: when the message arrives the state is set.
    // (The loop reads a failure only once the message has told it why.)
    Atomics.store(state, 0, 3);
    parentPort.postMessage({ error: String(e && e.message ? e.message : e) });
    return;
  }
  Atomics.store(state, 0, 2);
  parentPort.postMessage({ error: null });
});
`;

// The shared state word (the worker writes 2 and 3 as literals).
const IDLE = 0;
const RUNNING = 1;
const SYNCED = 2;
const FAILED = 3;

export type WalSyncState =
  { state: "idle" | "running" | "synced" } | { state: "failed"; error: string };

export class WalSyncer {
  private readonly worker: Worker;
  private readonly shared = new Int32Array(new SharedArrayBuffer(4));
  private failure: string | null = null;
  private closed = false;

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
      this.failure = `WAL sync thread stopped: ${e.message}`;
      this.closed = true;
      Atomics.store(this.shared, 0, FAILED);
      onSettled();
    });
  }

  /** Starts an fdatasync of `fd`. Only one runs at a time: call after `poll` said synced or idle. */
  start(fd: number): void {
    if (this.closed) {
      this.failure ??= "WAL sync thread is closed";
      Atomics.store(this.shared, 0, FAILED);
      return;
    }
    Atomics.store(this.shared, 0, RUNNING);
    this.worker.postMessage({ fd });
  }

  /**
   * Where the fsync started last stands. "synced" and "failed" are reported once, then the syncer
   * is idle again. A failure's text arrives with the worker's message: until then it reads as
   * running.
   */
  poll(): WalSyncState {
    const state = Atomics.load(this.shared, 0);
    if (state === IDLE) return { state: "idle" };
    if (state === RUNNING) return { state: "running" };
    if (state === SYNCED) {
      Atomics.store(this.shared, 0, IDLE);
      return { state: "synced" };
    }
    if (this.failure === null) return { state: "running" };
    Atomics.store(this.shared, 0, IDLE);
    return { state: "failed", error: this.failure };
  }

  /** Ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await endWorker(this.worker);
  }
}
