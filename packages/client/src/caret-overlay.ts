// What an editor draws over its textarea to show other people's carets and selections
// (APP_SPEC "Carets and selections of others"): the text cut into runs, each highlighted in the
// color of a remote selection that covers it, with a caret marker at each remote head, in text
// order. The overlay renders the same text as the textarea, so the markers line up with it.
import type { RemoteCaret } from "./document-session";

export type OverlayPiece =
  { kind: "text"; text: string; color: string | null } | { kind: "caret"; caret: RemoteCaret };

/**
 * The overlay of `text` with `carets` (UTF-16 offsets, already mapped to `text`). Offsets
 * outside `0..text.length` are ignored. Where selections overlap, the first caret's color wins.
 * A final "\n" run keeps a caret at the very end on its own line height.
 */
export function caretOverlay(text: string, carets: readonly RemoteCaret[]): OverlayPiece[] {
  const ranges = carets.map((caret) => ({
    caret,
    from: Math.min(caret.anchor, caret.head),
    to: Math.max(caret.anchor, caret.head),
  }));
  const points = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.from, r.to])])]
    .filter((p) => p >= 0 && p <= text.length)
    .sort((a, b) => a - b);
  const out: OverlayPiece[] = [];
  points.forEach((at, i) => {
    for (const r of ranges) if (r.caret.head === at) out.push({ kind: "caret", caret: r.caret });
    const next = points[i + 1];
    if (next === undefined) return;
    const cover = ranges.find((r) => r.from <= at && next <= r.to && r.from < r.to);
    out.push({ kind: "text", text: text.slice(at, next), color: cover?.caret.color ?? null });
  });
  out.push({ kind: "text", text: "\n", color: null });
  return out;
}
