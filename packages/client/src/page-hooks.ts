// What presence needs from the page, as hooks with browser defaults, so the models also run
// without a DOM (Node tests pass their own or null): whether the page is still there, and
// whether the user is doing anything in it.

/** Page visibility: `listener(false)` when the page goes away, `listener(true)` when back. */
export interface VisibilityHook {
  subscribe(listener: (visible: boolean) => void): () => void;
}

/**
 * `pagehide` / `pageshow` on window: fired when the tab closes, navigates away or enters the
 * back-forward cache. (Not `visibilitychange`: switching tabs should not make a user offline.)
 * Null outside a browser.
 */
export function browserVisibility(): VisibilityHook | null {
  const target = globalThis as Partial<Pick<Window, "addEventListener" | "removeEventListener">>;
  if (typeof target.addEventListener !== "function" || !("document" in globalThis)) return null;
  return {
    subscribe(listener) {
      const hide = () => listener(false);
      const show = () => listener(true);
      target.addEventListener?.("pagehide", hide);
      target.addEventListener?.("pageshow", show);
      return () => {
        target.removeEventListener?.("pagehide", hide);
        target.removeEventListener?.("pageshow", show);
      };
    },
  };
}

/** User input in the page: `listener()` on each reported input. */
export interface InputHook {
  subscribe(listener: () => void): () => void;
}

/** Pointer movement counts as input at most this often (ms): it fires at the display's rate. */
export const POINTER_INPUT_INTERVAL_MS = 1000;

/**
 * `keydown`, `pointerdown` and `pointermove` on window (movement at most every
 * POINTER_INPUT_INTERVAL_MS), as presence products count activity. Null outside a browser.
 */
export function browserInput(): InputHook | null {
  const target = globalThis as Partial<Pick<Window, "addEventListener" | "removeEventListener">>;
  if (typeof target.addEventListener !== "function" || !("document" in globalThis)) return null;
  return {
    subscribe(listener) {
      let lastMove = -Infinity;
      const input = () => listener();
      const move = () => {
        const now = Date.now();
        if (now - lastMove < POINTER_INPUT_INTERVAL_MS) return;
        lastMove = now;
        listener();
      };
      target.addEventListener?.("keydown", input);
      target.addEventListener?.("pointerdown", input);
      target.addEventListener?.("pointermove", move);
      return () => {
        target.removeEventListener?.("keydown", input);
        target.removeEventListener?.("pointerdown", input);
        target.removeEventListener?.("pointermove", move);
      };
    },
  };
}
