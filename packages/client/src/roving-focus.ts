// A list that is one Tab stop, with arrow keys between its items: the "roving tabindex" of the
// WAI-ARIA Authoring Practices (Keyboard Navigation Inside Components). The rule for where a key
// moves is `rovingIndex` of @rooms/domain; this is the DOM glue both apps share (covered by the
// MessageList stories and e2e/specs/chat-keyboard.spec.ts, in a browser). The app keeps
// the active id in its own state and renders `tabindex="0"` on that item and -1 on the others
// (and on the controls inside them), so the framework stays the owner of the attributes.
import { rovingIndex } from "@rooms/domain";

export interface RovingFocusOptions {
  /** The attribute that names an item and holds its id (e.g. `data-message-id`). */
  itemAttribute: string;
  /** The items' ids, in order. */
  ids(): readonly string[];
  /** The active item's id (the one with tabindex 0), or null. */
  activeId(): string | null;
  /** Makes `id` the active item (the app re-renders the tabindex values). */
  setActive(id: string): void;
  /** Resolves after the app has rendered a change (Svelte `tick`, Vue `nextTick`). */
  rendered(): Promise<void>;
}

/**
 * Listens on `list` until the returned function is called: focus entering an item makes it
 * active (a click, Tab, Shift+Tab); a roving key pressed on an item itself (not on a control
 * inside it, whose keys are its own) activates and focuses the item it moves to.
 */
export function rovingFocus(list: HTMLElement, options: RovingFocusOptions): () => void {
  const selector = `[${options.itemAttribute}]`;
  const itemOf = (target: EventTarget | null): Element | null =>
    target instanceof Element ? target.closest(selector) : null;

  const onFocusIn = (event: FocusEvent) => {
    const id = itemOf(event.target)?.getAttribute(options.itemAttribute);
    if (id) options.setActive(id);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const item = itemOf(event.target);
    if (item === null || item !== event.target) return;
    const ids = options.ids();
    const active = options.activeId();
    const next = rovingIndex(event.key, active === null ? -1 : ids.indexOf(active), ids.length);
    if (next === null) return;
    event.preventDefault();
    const id = ids[next]!;
    options.setActive(id);
    void options.rendered().then(() => {
      const target = list.querySelector<HTMLElement>(
        `[${options.itemAttribute}="${CSS.escape(id)}"]`,
      );
      target?.focus();
    });
  };

  list.addEventListener("focusin", onFocusIn);
  list.addEventListener("keydown", onKeyDown);
  return () => {
    list.removeEventListener("focusin", onFocusIn);
    list.removeEventListener("keydown", onKeyDown);
  };
}
