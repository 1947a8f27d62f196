// Other sessions' cursors as the apps show them: `presence.cursors` rows (packed, without names
// or colors: they change ten times a second, profiles do not) joined with the member list, minus
// this session's own, minus sessions that show no sign of life for CURSOR_STALE_MS (a move or a
// heartbeat advances `aliveAt`; a crashed tab's stops). A cursor whose row and profile did not
// change keeps its object, and so do its unchanged pointer, caret and board (`unpackCursorRow`
// reuses them), so renderers skip what did not move. A result's unchanged rows allocate nothing.
import {
  CURSOR_STALE_MS,
  UNKNOWN_USER_NAME,
  colorForUser,
  unpackCursorRow,
  type Cursor,
  type CursorRow,
  type Member,
  type PackedCursorRow,
} from "@rooms/domain";

export class RemoteCursors {
  private rows: CursorRow[] = [];
  /** The last row of each session in `rows`: unchanged parts of the next result keep its objects. */
  private rowOf = new Map<string, CursorRow>();
  private profiles = new Map<string, Pick<Member, "name" | "color">>();
  /** The cursors last built, by session: reused while their row and profile are unchanged. */
  private built = new Map<string, Cursor>();
  /** Per session: its last `aliveAt`, and when (our clock, ms) we saw it change. */
  private heard = new Map<string, { aliveAt: number; at: number }>();
  /** The list `build` returned last: returned again while every cursor in it is unchanged. */
  private cursors: Cursor[] = [];

  /** `ownSessionId`: this tab's session, left out. */
  constructor(private readonly ownSessionId: string) {}

  /** Takes the latest result of `presence.cursors`; call `build` next. Throws on a malformed row. */
  setRows(packed: readonly PackedCursorRow[]): void {
    const rows: CursorRow[] = [];
    for (const cells of packed) {
      const previous = this.rowOf.get(cells[0]);
      const row = unpackCursorRow(cells, previous);
      if (row !== previous) this.rowOf.set(row.sessionId, row);
      rows.push(row);
    }
    this.rows = rows;
    if (this.rowOf.size > rows.length) this.forgetGone();
  }

  /** Drops what is kept for sessions that are no longer in the result. */
  private forgetGone(): void {
    const present = new Set(this.rows.map((row) => row.sessionId));
    for (const map of [this.rowOf, this.built, this.heard]) {
      for (const sessionId of map.keys()) if (!present.has(sessionId)) map.delete(sessionId);
    }
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
   * (Infinity: none will without news): build again then. The same array as last time when
   * nothing shown changed (a heartbeat, a profile edit elsewhere), so subscribers are not told.
   */
  build(now: number): { cursors: Cursor[]; nextStaleAt: number } {
    const cursors: Cursor[] = [];
    let nextStaleAt = Infinity;
    for (const row of this.rows) {
      if (row.sessionId === this.ownSessionId) continue;
      let seen = this.heard.get(row.sessionId);
      if (seen === undefined || seen.aliveAt !== row.aliveAt) {
        seen = { aliveAt: row.aliveAt, at: now };
        this.heard.set(row.sessionId, seen);
      }
      if (now - seen.at >= CURSOR_STALE_MS) continue;
      nextStaleAt = Math.min(nextStaleAt, seen.at + CURSOR_STALE_MS);
      cursors.push(this.cursorOf(row));
    }
    const last = this.cursors;
    if (cursors.length !== last.length || cursors.some((cursor, i) => cursor !== last[i]))
      this.cursors = cursors;
    return { cursors: this.cursors, nextStaleAt };
  }

  private cursorOf(row: CursorRow): Cursor {
    const profile = this.profiles.get(row.userId);
    const name = profile?.name ?? UNKNOWN_USER_NAME;
    const color = profile?.color ?? colorForUser(row.userId);
    const previous = this.built.get(row.sessionId);
    // The row's unchanged parts are the previous row's objects (unpackCursorRow), so identity
    // compares them; a heartbeat changes only `aliveAt`, which a Cursor does not show.
    if (
      previous !== undefined &&
      previous.userId === row.userId &&
      previous.name === name &&
      previous.color === color &&
      previous.pointer === row.pointer &&
      previous.caret === row.caret &&
      previous.board === row.board &&
      previous.updatedAt === row.updatedAt
    ) {
      return previous;
    }
    const cursor: Cursor = {
      sessionId: row.sessionId,
      userId: row.userId,
      name,
      color,
      pointer: row.pointer,
      caret: row.caret,
      board: row.board,
      updatedAt: row.updatedAt,
    };
    this.built.set(row.sessionId, cursor);
    return cursor;
  }
}
