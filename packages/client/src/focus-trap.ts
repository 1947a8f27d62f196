// Keeps Tab inside a modal (APP_SPEC "Keyboard and accessibility": dialogs are modal with focus
// trapped). A native modal <dialog> makes the page behind it inert, but Tab past its last
// control still leaves it for the browser's own UI; this wraps focus round instead. Call it from
// the dialog's keydown handler.

/** Elements Tab can reach, in document order. */
const TABBABLE = [
  "a[href]",
  "button:not([disabled])",
  'input:not([disabled]):not([type="hidden"])',
  "select:not([disabled])",
  "textarea:not([disabled])",
  "summary",
  '[tabindex]:not([tabindex="-1"])',
].join(", ");

/** On Tab / Shift+Tab at either end of `container`, moves focus to the other end. */
export function keepTabInside(event: KeyboardEvent, container: HTMLElement): void {
  if (event.key !== "Tab") return;
  const tabbable = Array.from(container.querySelectorAll<HTMLElement>(TABBABLE)).filter(
    (element) => element.getClientRects().length > 0,
  );
  const first = tabbable[0];
  const last = tabbable[tabbable.length - 1];
  if (first === undefined || last === undefined) return;
  const active = container.ownerDocument.activeElement;
  const outside = !(active instanceof Node) || !container.contains(active);
  if (event.shiftKey && (active === first || outside)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || outside)) {
    event.preventDefault();
    first.focus();
  }
}
