// Other sessions' cursors as the apps show them: `presence.cursors` rows (no names or colors:
// they change ten times a second, profiles do not) joined with the member list, minus this
// session's own, minus sessions that show no sign of life for CURSOR_STALE_MS (a move or a
// heartbeat advances `aliveAt`; a crashed tab's stops). A cursor whose row and profile did not
// change keeps its object, and so do its unchanged pointer, caret and board, so renderers skip
// what did not move.
import {
  CURSOR_STALE_MS,
  UNKNOWN_USER_NAME,
  colorForUser,
  type Cursor,
  type CursorRow,
  type Member,
} from "@rooms/domain";

function samePoint(a: Cursor["pointer"], b: Cursor["pointer"]): boolean {
  return a === b || (a !== null && b !== null && a.x === b.x && a.y === b.y);
}

/** Board presence compared by value (rows arrive as new objects with every result). */
function sameBoard(a: Cursor["board"], b: Cursor["board"]): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function sameCaret(a: Cursor["caret"], b: Cursor["caret"]): boolean {
  return (
    a === b ||
    (a !== null &&
      b !== null &&
      a.documentId === b.documentId &&
      a.anchor === b.anchor &&
      a.head === b.head &&
      a.revision === b.revision)
  );
}

export class RemoteCursors {
  private rows: CursorRow[] = [];
  private profiles = new Map<string, Pick<Member, "name" | "color">>();
  /** The cursors last built, by session: reused while their row and profile are unchanged. */
  private built = new Map<string, Cursor>();
  /** Per session: its last `aliveAt`, and when (our clock, ms) we saw it change. */
  private heard = new Map<string, { aliveAt: number; at: number }>();

  /** `ownSessionId`: this tab's session, left out. */
  constructor(private readonly ownSessionId: string) {}

  /** Takes the latest rows; call `build` next. */
  setRows(rows: CursorRow[]): void {
    this.rows = rows;
  }

  /** Takes the member list; true when a name or color changed (call `build` next). */
  setMembers(members: Member[]): boolean {
    const changed =
      members.length !== this.profiles.size ||
      members.some((m) => {
        const known = this.profiles.get(m.userId);
        return known?.name !== m.name || known.color !== m.color;
      });
    if (changed) {
      this.profiles = new Map(members.map((m) => [m.userId, { name: m.name, color: m.color }]));
    }
    return changed;
  }

  get hasRows(): boolean {
    return this.rows.length > 0;
  }

  /**
   * The cursors to show at `now` (ms, the caller's clock), and when the next one goes stale
   * (Infinity: none will without news): build again then.
   */
  build(now: number): { cursors: Cursor[]; nextStaleAt: number } {
    const cursors: Cursor[] = [];
    const built = new Map<string, Cursor>();
    const heard = new Map<string, { aliveAt: number; at: number }>();
    let nextStaleAt = Infinity;
    for (const row of this.rows) {
      if (row.sessionId === this.ownSessionId) continue;
      const last = this.heard.get(row.sessionId);
      const seen =
        last !== undefined && last.aliveAt === row.aliveAt
          ? last
          : { aliveAt: row.aliveAt, at: now };
      heard.set(row.sessionId, seen);
      if (now - seen.at >= CURSOR_STALE_MS) continue;
      nextStaleAt = Math.min(nextStaleAt, seen.at + CURSOR_STALE_MS);
      const cursor = this.cursorOf(row);
      built.set(row.sessionId, cursor);
      cursors.push(cursor);
    }
    this.built = built;
    this.heard = heard;
    return { cursors, nextStaleAt };
  }

  private cursorOf(row: CursorRow): Cursor {
    const profile = this.profiles.get(row.userId);
    const name = profile?.name ?? UNKNOWN_USER_NAME;
    const color = profile?.color ?? colorForUser(row.userId);
    const previous = this.built.get(row.sessionId);
    if (
      previous !== undefined &&
      previous.updatedAt === row.updatedAt &&
      previous.userId === row.userId &&
      previous.name === name &&
      previous.color === color &&
      samePoint(previous.pointer, row.pointer) &&
      sameCaret(previous.caret, row.caret) &&
      sameBoard(previous.board, row.board)
    ) {
      return previous;
    }
    return {
      sessionId: row.sessionId,
      userId: row.userId,
      name,
      color,
      // Unchanged parts keep their objects: a pointer move leaves `caret` the same object, so
      // whoever draws carets sees nothing to redraw (document-session.ts).
      pointer:
        previous !== undefined && samePoint(previous.pointer, row.pointer)
          ? previous.pointer
          : row.pointer,
      caret:
        previous !== undefined && sameCaret(previous.caret, row.caret) ? previous.caret : row.caret,
      board:
        previous !== undefined && sameBoard(previous.board, row.board) ? previous.board : row.board,
      updatedAt: row.updatedAt,
    };
  }
}
