// Loading, empty, busy and error states on demand: a relay for a page's Convex WebSocket that
// lets a spec rewrite, fail or hold back the results of one query function, and hold a
// mutation call until the spec releases it. Sync protocol of convex@1.48
// (browser/sync/protocol.ts): the client's ModifyQuerySet "Add" names the function of each
// query id, its "Mutation" names the function called; the server's Transition carries
// QueryUpdated / QueryFailed per query id. Everything else passes through unchanged.
import type { Page } from "@playwright/test";

/** One query result of a Transition, as sent by the server. */
export type QueryResult =
  | { type: "QueryUpdated"; queryId: number; value: unknown; logLines: string[]; journal: unknown }
  | {
      type: "QueryFailed";
      queryId: number;
      errorMessage: string;
      logLines: string[];
      journal: unknown;
      errorData?: unknown;
    };

/** What the page receives instead of `result`: a replacement, or `null` to hold it back. */
export type RewriteResult = (result: QueryResult) => QueryResult | null;

/** A failure such as a server fault produces (no Rooms error code). */
export function failed(result: QueryResult): QueryResult {
  return {
    type: "QueryFailed",
    queryId: result.queryId,
    errorMessage: "e2e: the query failed",
    logLines: [],
    journal: null,
  };
}

/** `functionName` as the client spells it ("rooms.js:list" → "rooms:list"). */
const plain = (udfPath: string) => udfPath.replace(/\.js:/, ":");

export class SyncRelay {
  private readonly rewrites = new Map<string, RewriteResult>();
  private readonly held = new Map<string, (() => void)[]>();

  private constructor() {}

  /**
   * Routes the page's Convex WebSocket through a relay. Applies to sockets opened afterwards:
   * reload or navigate the page next.
   */
  static async attach(page: Page): Promise<SyncRelay> {
    const relay = new SyncRelay();
    await page.routeWebSocket(/\/api\/[^/]+\/sync$/, (ws) => {
      const server = ws.connectToServer();
      const functionOf = new Map<number, string>();
      ws.onMessage((message) => {
        if (typeof message !== "string") return server.send(message);
        const parsed = JSON.parse(message) as {
          type: string;
          udfPath?: string;
          modifications?: { type: string; queryId: number; udfPath?: string }[];
        };
        if (parsed.type === "ModifyQuerySet")
          for (const change of parsed.modifications ?? [])
            if (change.type === "Add" && change.udfPath !== undefined)
              functionOf.set(change.queryId, plain(change.udfPath));
        const queue =
          parsed.type === "Mutation" && parsed.udfPath !== undefined
            ? relay.held.get(plain(parsed.udfPath))
            : undefined;
        if (queue) queue.push(() => server.send(message));
        else server.send(message);
      });
      server.onMessage((message) => {
        if (typeof message !== "string") return ws.send(message);
        const parsed = JSON.parse(message) as {
          type: string;
          modifications?: (QueryResult | { type: "QueryRemoved"; queryId: number })[];
        };
        if (parsed.type !== "Transition" || parsed.modifications === undefined)
          return ws.send(message);
        const modifications = [];
        for (const change of parsed.modifications) {
          const rewrite =
            change.type === "QueryRemoved"
              ? undefined
              : relay.rewrites.get(functionOf.get(change.queryId) ?? "");
          if (rewrite === undefined || change.type === "QueryRemoved") {
            modifications.push(change);
            continue;
          }
          const replaced = rewrite(change);
          if (replaced !== null) modifications.push(replaced);
        }
        ws.send(JSON.stringify({ ...parsed, modifications }));
      });
    });
    return relay;
  }

  /** Every later result of `functionName` (e.g. "rooms:list") goes through `rewrite`. */
  rewriteQuery(functionName: string, rewrite: RewriteResult): void {
    this.rewrites.set(functionName, rewrite);
  }

  /** Results of `functionName` pass unchanged again. */
  restoreQuery(functionName: string): void {
    this.rewrites.delete(functionName);
  }

  /**
   * Calls of the mutation `functionName` wait in the relay until the returned function sends
   * them (and stops holding new ones).
   */
  holdMutation(functionName: string): () => void {
    const queue: (() => void)[] = [];
    this.held.set(functionName, queue);
    return () => {
      this.held.delete(functionName);
      for (const send of queue.splice(0)) send();
    };
  }
}
