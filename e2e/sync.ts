// States a spec cannot reach by using the app alone (loading, busy, server errors, a dropped
// connection), produced by routing the page's Convex sync WebSocket through the test with
// Playwright's `page.routeWebSocket`. The one way specs touch the wire.
//
// Frames are the JSON messages of convex@1.48's sync protocol (browser/sync/protocol.ts): the
// page sends Connect, ModifyQuerySet (its "Add" names each query id's function), Mutation and
// Action (named by `udfPath`, e.g. "rooms:join" or "rooms.js:join"), Authenticate; the server
// answers with Transition (QueryUpdated / QueryFailed per query id), MutationResponse,
// ActionResponse, AuthError. Anything not rewritten or held passes through unchanged.
//
// Playwright routes only sockets opened after `interceptSync`: call it before the page connects
// (before `goto`), or reload afterwards.
import type { Page } from "@playwright/test";
import type { ClientMessage, StateModification } from "@rooms/local-deployment";

/** A frame the page sends, parsed (the local deployment's protocol types). */
export type ClientFrame = ClientMessage;

/** One query result inside a Transition, as the server sends it. */
export type QueryResult = Extract<StateModification, { type: "QueryUpdated" | "QueryFailed" }>;

/** What the page receives instead of a query result: a replacement, or null (kept loading). */
export type RewriteResult = (result: QueryResult) => QueryResult | null;

export type Matcher = (frame: ClientFrame) => boolean;

export interface Hold {
  /** Resolves once the first frame is held. */
  held: Promise<void>;
  /** Delivers the held frames in order and stops holding. */
  release(): void;
}

export interface SyncRoute {
  /** Resolves once the page sends a frame `matches` accepts (counting from this call). */
  sent(matches: Matcher): Promise<void>;
  /**
   * Keeps the page's frames that `matches` accepts from the server until `release()`. Once a
   * ModifyQuerySet is held, every later ModifyQuerySet is held too: their versions chain.
   */
  hold(matches: Matcher): Hold;
  /** Sends `change(frame)` instead of each page frame it returns a frame for. */
  rewrite(change: (frame: ClientFrame) => ClientFrame | undefined): void;
  /** Answers the page's Actions that `matches` accepts with a failure, as a server fault would. */
  failAction(matches: Matcher): void;
  /** Keeps every server frame from the page until `release()`. */
  holdServer(): Hold;
  /** Every later result of the query `functionName` (e.g. "rooms:list") goes through `rewrite`. */
  rewriteQuery(functionName: string, rewrite: RewriteResult): void;
  /** Results of `functionName` pass unchanged again. */
  restoreQuery(functionName: string): void;
  /** Closes the page's sockets and refuses new ones (each closes at once) until `accept()`. */
  drop(): void;
  accept(): void;
}

/** `udfPath` as the client spells it ("rooms.js:list") as a function name ("rooms:list"). */
const functionName = (udfPath: string) => udfPath.replace(/\.js:/, ":");

/** A Mutation or Action frame. */
export type CallFrame = Extract<ClientFrame, { type: "Mutation" | "Action" }>;

/** A Mutation or Action call of `name` (e.g. "messages:send"). */
export function calls(name: string): (frame: ClientFrame) => frame is CallFrame {
  return (frame): frame is CallFrame =>
    (frame.type === "Mutation" || frame.type === "Action") && functionName(frame.udfPath) === name;
}

/** A ModifyQuerySet that subscribes to the query `name` (e.g. "messages:list"). */
export function subscribesTo(name: string): Matcher {
  return (frame) =>
    frame.type === "ModifyQuerySet" &&
    frame.modifications.some(
      (change) => change.type === "Add" && functionName(change.udfPath) === name,
    );
}

/** A frame of the given protocol type (e.g. "Authenticate"). */
export function ofType(type: ClientFrame["type"]): Matcher {
  return (frame) => frame.type === type;
}

/** A failure such as a server fault produces (no Rooms error code), for `rewriteQuery`. */
export function failed(result: QueryResult): QueryResult {
  return {
    type: "QueryFailed",
    queryId: result.queryId,
    errorMessage: "e2e: the query failed",
    logLines: [],
    journal: null,
  };
}

interface Holding {
  matches: Matcher;
  frames: (() => void)[];
  heldQuerySet: boolean;
  onHeld: () => void;
}

export async function interceptSync(page: Page): Promise<SyncRoute> {
  const waiters: { matches: Matcher; resolve: () => void }[] = [];
  const rewrites: ((frame: ClientFrame) => ClientFrame | undefined)[] = [];
  const resultRewrites = new Map<string, RewriteResult>();
  let failing: Matcher | null = null;
  let holding: Holding | null = null;
  let serverHold: { frames: (() => void)[]; onHeld: () => void } | null = null;
  let refusing = false;
  const open = new Set<() => void>();

  await page.routeWebSocket(/\/api\/[^/]+\/sync$/, (ws) => {
    if (refusing) {
      void ws.close();
      return;
    }
    const server = ws.connectToServer();
    let closed = false;
    const close = () => {
      closed = true;
      void ws.close();
      void server.close();
    };
    open.add(close);
    ws.onClose(() => {
      open.delete(close);
      closed = true;
      void server.close();
    });
    server.onClose(() => void ws.close());
    /** The query function of each query id of this socket, from its ModifyQuerySets. */
    const queryFunction = new Map<number, string>();

    ws.onMessage((message) => {
      if (typeof message !== "string") return server.send(message);
      let frame = JSON.parse(message) as ClientFrame;
      for (const change of rewrites) frame = change(frame) ?? frame;
      const text = JSON.stringify(frame);
      for (const change of frame.type === "ModifyQuerySet" ? frame.modifications : [])
        if (change.type === "Add") queryFunction.set(change.queryId, functionName(change.udfPath));
      for (const waiter of waiters.filter(({ matches }) => matches(frame))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      if (failing?.(frame) && frame.type === "Action") {
        const failure = { type: "ActionResponse", requestId: frame.requestId, success: false };
        ws.send(JSON.stringify({ ...failure, result: "Server Error", logLines: [] }));
        return;
      }
      const hold = holding;
      if (
        hold !== null &&
        (hold.matches(frame) || (hold.heldQuerySet && frame.type === "ModifyQuerySet"))
      ) {
        if (frame.type === "ModifyQuerySet") hold.heldQuerySet = true;
        hold.frames.push(() => closed || server.send(text));
        hold.onHeld();
        return;
      }
      server.send(text);
    });

    server.onMessage((message) => {
      let text = message;
      if (typeof message === "string" && resultRewrites.size > 0) {
        const frame = JSON.parse(message) as {
          type: string;
          modifications?: (QueryResult | { type: "QueryRemoved"; queryId: number })[];
        };
        if (frame.type === "Transition" && frame.modifications !== undefined) {
          const modifications = [];
          for (const change of frame.modifications) {
            const rewrite =
              change.type === "QueryRemoved"
                ? undefined
                : resultRewrites.get(queryFunction.get(change.queryId) ?? "");
            const replaced = rewrite === undefined ? change : rewrite(change as QueryResult);
            if (replaced !== null) modifications.push(replaced);
          }
          text = JSON.stringify({ ...frame, modifications });
        }
      }
      if (serverHold !== null) {
        serverHold.frames.push(() => closed || ws.send(text));
        serverHold.onHeld();
      } else ws.send(text);
    });
  });

  return {
    sent: (matches) => new Promise((resolve) => waiters.push({ matches, resolve })),
    hold(matches) {
      let onHeld = () => {};
      const held = new Promise<void>((resolve) => (onHeld = resolve));
      const current: Holding = { matches, frames: [], heldQuerySet: false, onHeld };
      holding = current;
      return {
        held,
        release() {
          if (holding === current) holding = null;
          for (const send of current.frames.splice(0)) send();
        },
      };
    },
    rewrite: (change) => void rewrites.push(change),
    failAction: (matches) => void (failing = matches),
    holdServer() {
      let onHeld = () => {};
      const held = new Promise<void>((resolve) => (onHeld = resolve));
      const current = { frames: [] as (() => void)[], onHeld };
      serverHold = current;
      return {
        held,
        release() {
          if (serverHold === current) serverHold = null;
          for (const send of current.frames.splice(0)) send();
        },
      };
    },
    rewriteQuery: (name, rewrite) => void resultRewrites.set(name, rewrite),
    restoreQuery: (name) => void resultRewrites.delete(name),
    drop() {
      refusing = true;
      for (const close of [...open]) close();
    },
    accept: () => void (refusing = false),
  };
}
