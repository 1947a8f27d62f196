// Other sessions' room pointers for drawing: one domain CursorSmoother per session, fed with a
// sample whenever the `presence.cursors` subscription reports a new position (stamped with the
// local receive time, so no clock skew between machines matters), and read at animation-frame
// time. Samples arrive at most every CURSOR_THROTTLE_MS; the smoother replays them that late and
// glides between them.
import {
  CursorSmoother,
  testAttributes,
  cursorLabelPlacement,
  type Cursor,
  type CursorLabelPlacement,
  type CursorSmoothingOptions,
  type Point,
} from "@rooms/domain";

/** A remote pointer at a moment, smoothed for drawing: where (fractions of the area), whose, and where its label goes. */
export type DrawnPointer = Point &
  Pick<Cursor, "sessionId" | "userId" | "name" | "color"> & { label: CursorLabelPlacement };

export class RemotePointers {
  private readonly bySession = new Map<string, { smoother: CursorSmoother; last: Point | null }>();
  private cursors: readonly Cursor[] = [];

  constructor(private readonly options: CursorSmoothingOptions = {}) {}

  /** The latest cursors (other sessions only), received at `t`. */
  update(cursors: readonly Cursor[], t: number): void {
    this.cursors = cursors;
    for (const { sessionId, pointer } of cursors) {
      let entry = this.bySession.get(sessionId);
      if (entry === undefined) {
        entry = { smoother: new CursorSmoother(this.options), last: null };
        this.bySession.set(sessionId, entry);
      }
      if (pointer === null) {
        entry.smoother.clear();
        entry.last = null;
      } else if (entry.last?.x !== pointer.x || entry.last.y !== pointer.y) {
        entry.smoother.push({ x: pointer.x, y: pointer.y, at: t });
        entry.last = pointer;
      }
    }
    // Every cursor has an entry now: more entries than cursors means some session left.
    if (this.bySession.size > cursors.length) {
      const present = new Set(cursors.map((cursor) => cursor.sessionId));
      for (const id of this.bySession.keys()) if (!present.has(id)) this.bySession.delete(id);
    }
  }

  /** Where to draw each pointer at `t`; sessions without a pointer are left out. */
  at(t: number): DrawnPointer[] {
    const drawn: DrawnPointer[] = [];
    for (const { sessionId, userId, name, color } of this.cursors) {
      const position = this.bySession.get(sessionId)?.smoother.positionAt(t);
      if (!position) continue;
      const { x, y } = position;
      drawn.push({ sessionId, userId, name, color, x, y, label: cursorLabelPlacement(x, y) });
    }
    return drawn;
  }

  /** True while some pointer is still gliding at `t`. */
  isAnimating(t: number): boolean {
    for (const { smoother } of this.bySession.values()) {
      if ((smoother.settledAt() ?? -Infinity) > t) return true;
    }
    return false;
  }
}

/**
 * This session's room pointer for a pointer event over `area` (the room body): x and y in
 * [0, 1] of the area, or null when it is outside, or over an element marked
 * `data-room-pointer="off"` (the whiteboard reports its pointer in board units instead).
 */
export function roomPointerAt(event: PointerEvent, area: Element): Point | null {
  const target = event.target as Element | null;
  if (target?.closest?.(`[${testAttributes.roomPointer}="off"]`)) return null;
  const box = area.getBoundingClientRect();
  const x = (event.clientX - box.left) / box.width;
  const y = (event.clientY - box.top) / box.height;
  return x >= 0 && x <= 1 && y >= 0 && y <= 1 ? { x, y } : null;
}
