// Keyboard rules the apps share. A list that is one Tab stop with arrow keys between its items
// (a "roving tabindex", WAI-ARIA Authoring Practices § Keyboard Navigation Inside Components)
// asks `rovingIndex` where a key moves; the app moves `tabindex="0"` and focus there.

/** The keys `rovingIndex` handles; any other key leaves focus where it is. */
export const ROVING_KEYS = ["ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"] as const;

/** Items PageUp / PageDown move over. */
export const ROVING_PAGE_SIZE = 10;

/**
 * The index focus moves to when `key` is pressed on item `index` of `count` items (a vertical
 * list, first item at the top), or null when the key is not a roving key or the list is empty.
 * Arrows stop at the ends (they do not wrap: a chat's ends mean something); Home / End go to the
 * first / last item; PageUp / PageDown move ROVING_PAGE_SIZE items. An `index` outside the list
 * (the focused item was removed) counts from the nearest end.
 */
export function rovingIndex(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  const at = Math.min(Math.max(index, 0), count - 1);
  const clamp = (i: number) => Math.min(Math.max(i, 0), count - 1);
  switch (key) {
    case "ArrowUp":
      return clamp(at - 1);
    case "ArrowDown":
      return clamp(at + 1);
    case "PageUp":
      return clamp(at - ROVING_PAGE_SIZE);
    case "PageDown":
      return clamp(at + ROVING_PAGE_SIZE);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

/**
 * The active item of a roving list: the one last focused while it is still in `ids`, else the
 * last item (in a chat, the newest message), or null for an empty list.
 */
export function rovingActive(ids: readonly string[], focused: string | null): string | null {
  return focused !== null && ids.includes(focused) ? focused : (ids.at(-1) ?? null);
}
