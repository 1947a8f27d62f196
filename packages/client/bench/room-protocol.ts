// Messages between the room bench (bench/room.ts) and its client processes (bench/room-worker.ts).

export type ToWorker =
  | {
      type: "join";
      url: string;
      roomId: string;
      documentId: string;
      /** Participant indices this process plays; index < typists types. */
      indices: number[];
      typists: number;
      /** The raw `ws` broadcast server for the baseline, or null for none. */
      baselineUrl: string | null;
    }
  | {
      type: "go";
      /** "room": pointers through presence, typists type; "baseline": pointers over raw ws only. */
      phase: "room" | "baseline";
      cursorHz: number;
      typingIntervalMs: number;
      typists: number;
      /** Filler so a baseline message is as large as the room's cursor list. */
      baselinePadding: string;
    }
  | { type: "measure" }
  | { type: "stop" }
  | { type: "check"; revision: number; content: string }
  | { type: "report" }
  | { type: "exit" };

export type FromWorker =
  | { type: "ready" }
  | { type: "stopped" }
  | { type: "checked"; converged: boolean }
  | { type: "data"; data: WorkerData }
  | { type: "error"; error: string };

/** What one client process measured (times in ms on the machine-wide clock). */
export type WorkerData = {
  cursorLatencies: number[];
  /**
   * The same samples split at the cursor row's `updatedAt` (the deployment's clock when the
   * mutation ran): mover → deployment, and deployment → viewer.
   */
  cursorUplinks: number[];
  cursorDownlinks: number[];
  baselineLatencies: number[];
  /** [operation tag, received at] per committed operation a non-author applied while measuring. */
  editArrivals: [string, number][];
  /** Per typist: when each edit was typed. */
  editTimes: [string, number[]][];
  /** Per submitted tag: how many of its typist's edits it and the tags before it carry. */
  tagCovers: [string, number][];
  typed: number;
  cpuMs: number;
  clients: number;
};
