// Holding and rewriting what a page sends to the backend over the Convex sync WebSocket (JSON
// frames: ModifyQuerySet, Mutation, ...; see convex/src/browser/sync/protocol.ts), to show
// loading states and server errors the UI cannot otherwise reach. Install before the page opens
// its WebSocket (then `page.reload()`): Playwright routes only sockets created afterwards.
import type { Page } from "@playwright/test";

/** A client → server frame of the sync protocol, parsed. */
export interface ClientFrame {
  type: string;
  udfPath?: string;
  args?: unknown[];
  modifications?: { type: string; udfPath?: string }[];
}

export interface Hold {
  /** Resolves once the first matching frame is held. */
  held: Promise<void>;
  /** Sends the held frames in order and stops holding. */
  release(): void;
}

export interface SyncFrames {
  /**
   * Keeps back the first frame `matches` accepts and every frame after it (their order
   * matters to the protocol) until `release()`.
   */
  hold(matches: (frame: ClientFrame) => boolean): Hold;
  /** Replaces every frame `change` returns a new frame for (undefined: send unchanged). */
  rewrite(change: (frame: ClientFrame) => ClientFrame | undefined): void;
}

/** `udfPath` as the client sends it (`messages:list`, maybe with `.js`) is `path`. */
function isFunction(udfPath: string | undefined, path: string): boolean {
  return udfPath !== undefined && udfPath.replace(/\.js:/, ":") === path;
}

/** A ModifyQuerySet that subscribes to the query `path` (e.g. `messages:list`). */
export function subscribesTo(path: string): (frame: ClientFrame) => boolean {
  return (frame) =>
    frame.type === "ModifyQuerySet" &&
    (frame.modifications ?? []).some((m) => m.type === "Add" && isFunction(m.udfPath, path));
}

/** A Mutation call of `path` (e.g. `messages:send`). */
export function calls(path: string): (frame: ClientFrame) => boolean {
  return (frame) => frame.type === "Mutation" && isFunction(frame.udfPath, path);
}

export async function interceptSync(page: Page): Promise<SyncFrames> {
  const rewrites: ((frame: ClientFrame) => ClientFrame | undefined)[] = [];
  let hold:
    | {
        matches: (frame: ClientFrame) => boolean;
        frames: (() => void)[] | null;
        onHeld: () => void;
      }
    | undefined;

  await page.routeWebSocket(/\/api\/(?:[^/]+\/)?sync$/, (ws) => {
    const server = ws.connectToServer();
    let open = true;
    ws.onClose(() => (open = false));
    ws.onMessage((message) => {
      let frame = typeof message === "string" ? message : message.toString("utf8");
      const parsed = JSON.parse(frame) as ClientFrame;
      for (const change of rewrites) {
        const changed = change(parsed);
        if (changed !== undefined) frame = JSON.stringify(changed);
      }
      if (hold !== undefined && hold.frames === null && hold.matches(parsed)) {
        hold.frames = [];
        hold.onHeld();
      }
      if (hold?.frames) hold.frames.push(() => open && server.send(frame));
      else server.send(frame);
    });
  });

  return {
    hold(matches) {
      let onHeld = () => {};
      const held = new Promise<void>((resolve) => (onHeld = resolve));
      const current = { matches, frames: null as (() => void)[] | null, onHeld };
      hold = current;
      return {
        held,
        release() {
          if (hold === current) hold = undefined;
          for (const send of current.frames ?? []) send();
        },
      };
    },
    rewrite(change) {
      rewrites.push(change);
    },
  };
}
