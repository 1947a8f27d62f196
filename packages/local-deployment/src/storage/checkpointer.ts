/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside a COMMIT, on the
 * committing thread: every ~1,000 pages one group commit also copied the WAL into the database
 * file and fsynced it, on the event loop. The deployment turns that off (`wal_autocheckpoint =
 * 0`) and runs `PRAGMA wal_checkpoint(PASSIVE)` here instead, on its own connection in a worker
 * thread: it copies what it can without blocking writers or readers, and the next writer after a
 * complete checkpoint starts the WAL over (source: sqlite.org/wal.html, "Checkpointing").
 * Durability is unchanged: with `synchronous = NORMAL` a checkpoint syncs the WAL before it
 * copies, and commits are acknowledged only after their own WAL fsync (persistence.ts).
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

const require = createRequire(import.meta.url);

/** CommonJS, evaluated in the worker: one connection, a PASSIVE checkpoint per request. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("busy_timeout = 5000");
parentPort.on("message", (message) => {
  if (message === "close") {
    db.close();
    parentPort.close();
    return;
  }
  let error = null;
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch (e) {
    error = String(e && e.message ? e.message : e);
  }
  parentPort.postMessage({ error });
});
`;

/** Least time between two checkpoints (ms): at most one runs at a time. */
export const CHECKPOINT_INTERVAL_MS = 500;

export class Checkpointer {
  private readonly worker: Worker;
  private running = false;
  private lastRequestAt = 0;
  private closed = false;

  constructor(file: string) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Not the parent's flags: under --input-type=module (node -e) the source would be read as
      // an ES module, where `require` does not exist.
      execArgv: [],
      workerData: { file, driver: require.resolve("better-sqlite3") },
    });
    this.worker.unref();
    this.worker.on("message", (reply: { error: string | null }) => {
      this.running = false;
      if (reply.error !== null)
        console.error(`[local-deployment] WAL checkpoint failed: ${reply.error}`);
    });
    this.worker.on("error", (e) => {
      this.closed = true;
      console.error(`[local-deployment] WAL checkpointer stopped: ${e.message}`);
    });
  }

  /** Asks for a checkpoint unless one is running or one was asked for less than an interval ago. */
  request(now = Date.now()): void {
    if (this.closed || this.running || now - this.lastRequestAt < CHECKPOINT_INTERVAL_MS) return;
    this.running = true;
    this.lastRequestAt = now;
    this.worker.postMessage("checkpoint");
  }

  /** Closes the worker's connection and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await endWorker(this.worker);
  }
}

/** Asks a storage worker to finish ("close") and resolves when its thread has exited. */
export async function endWorker(worker: Worker): Promise<void> {
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.postMessage("close");
  await exited;
}
