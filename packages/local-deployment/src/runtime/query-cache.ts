/**
 * Query results shared by every subscriber at one timestamp: a fan-out runs each query once.
 * `key.query` names function, args and journal; `key.caller` the caller. A run that did not read
 * the identity is served to every caller of the same kind (admin or not); one that did is shared
 * only with callers of the same identity (source: convex-backend crates/application/src/cache/
 * mod.rs). Results are kept for the newest timestamp asked for only; `clear` drops them when
 * everything may have changed without a commit (functions, schema, environment variables).
 */
import type { Caller, QueryRun } from "./runner.js";

/** A query's shared-result key: function, args and journal; and who is asking. */
export interface QueryCacheKey {
  query: string;
  caller: string;
}

export class QueryResultCache {
  private ts = -1n;
  /** The first run per query at `ts`, with the caller it ran as. */
  private shared = new Map<string, Promise<{ result: QueryRun; caller: string }>>();
  /** Per-caller runs of queries that read the identity. */
  private personal = new Map<string, Promise<QueryRun>>();

  /** The result of `run` (the query at `ts` as `caller`), shared as described above. */
  run(
    caller: Caller,
    ts: bigint,
    key: QueryCacheKey | null,
    run: () => Promise<QueryRun>,
  ): Promise<QueryRun> {
    if (key === null) return run();
    if (this.ts !== ts) {
      this.clear();
      this.ts = ts;
    }
    const base = `${caller.isAdmin ? "admin" : "user"}\u0000${key.query}`;
    const first = this.shared.get(base);
    if (first === undefined) {
      const started = run();
      this.shared.set(
        base,
        started.then((result) => ({ result, caller: key.caller })),
      );
      return started;
    }
    return first.then(({ result, caller: ranAs }) => {
      if (!result.observedIdentity || ranAs === key.caller) return result;
      const personalKey = `${base}\u0000${key.caller}`;
      let mine = this.personal.get(personalKey);
      if (mine === undefined) {
        mine = run();
        this.personal.set(personalKey, mine);
      }
      return mine;
    });
  }

  clear(): void {
    this.ts = -1n;
    this.shared = new Map();
    this.personal = new Map();
  }
}
