// Loading, empty and error states on demand: a relay for a page's Convex WebSocket that lets a
// spec rewrite, fail or hold back the results of one query function (sync protocol of
// convex@1.48, browser/sync/protocol.ts: the client's ModifyQuerySet "Add" names the function
// and its query id; the server's Transition carries QueryUpdated / QueryFailed per query id).
// Everything else passes through unchanged.
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

/** A query failure such as a network or server fault produces (no Rooms error code). */
export function failed(result: QueryResult): QueryResult {
  return {
    type: "QueryFailed",
    queryId: result.queryId,
    errorMessage: "e2e: the query failed",
    logLines: [],
    journal: null,
  };
}

/**
 * Routes the page's Convex WebSocket through `rewrite` for every subscription to `functionName`
 * (e.g. "rooms:list"). Applies to sockets opened afterwards: reload or navigate the page next.
 */
export async function rewriteQuery(
  page: Page,
  functionName: string,
  rewrite: RewriteResult,
): Promise<void> {
  await page.routeWebSocket(/\/api\/[^/]+\/sync$/, (ws) => {
    const server = ws.connectToServer();
    const ids = new Set<number>();
    ws.onMessage((message) => {
      if (typeof message === "string") {
        const parsed = JSON.parse(message) as {
          type: string;
          modifications?: { type: string; queryId: number; udfPath?: string }[];
        };
        if (parsed.type === "ModifyQuerySet")
          for (const change of parsed.modifications ?? [])
            if (change.type === "Add" && change.udfPath?.replace(".js:", ":") === functionName)
              ids.add(change.queryId);
      }
      server.send(message);
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
        if (change.type === "QueryRemoved" || !ids.has(change.queryId)) {
          modifications.push(change);
          continue;
        }
        const replaced = rewrite(change);
        if (replaced !== null) modifications.push(replaced);
      }
      ws.send(JSON.stringify({ ...parsed, modifications }));
    });
  });
}
