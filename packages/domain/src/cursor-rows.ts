// The wire shape of `presence.cursors`: each session's cursor as a flat array (a packed row)
// instead of an object. The result is re-sent to every member whenever anyone in the room moves
// (ten times a second per mover), and a client decodes the whole list each time. An object row
// costs the Convex client an `Object.entries` and a field-name check per field; a packed row is
// one array of scalars. Measured in Node 20 on this project's machine, for a 49-row result:
// 122 µs to parse and decode as objects, 24 µs packed; 15.6 KB of JSON against 9.6 KB.
//
// The order of the cells is the contract between convex/presence.ts and the client core, and
// lives only here: the backend packs, the client unpacks.

import type { BoardPresence } from "./board-presence";
import type { CursorRow } from "./types";

/**
 * One cursor as `presence.cursors` sends it:
 * `[sessionId, userId, pointerX, pointerY, caretDocumentId, caretAnchor, caretHead,
 * caretRevision, board, updatedAt, aliveAt]`. The pointer cells are both null when the pointer
 * is off the room (fractions of the area otherwise); the four caret cells are all null when no
 * document is focused (UTF-16 offsets of the text at `caretRevision` otherwise); `board` is the
 * whiteboard presence or null; `updatedAt` and `aliveAt` are server ms since the epoch.
 */
export type PackedCursorRow = [
  sessionId: string,
  userId: string,
  pointerX: number | null,
  pointerY: number | null,
  caretDocumentId: string | null,
  caretAnchor: number | null,
  caretHead: number | null,
  caretRevision: number | null,
  board: BoardPresence | null,
  updatedAt: number,
  aliveAt: number,
];

/** Number of cells in a `PackedCursorRow`. */
export const PACKED_CURSOR_ROW_LENGTH = 11;

/** The packed form of `row` (see `PackedCursorRow`). */
export function packCursorRow(row: CursorRow): PackedCursorRow {
  const { pointer, caret } = row;
  return [
    row.sessionId,
    row.userId,
    pointer?.x ?? null,
    pointer?.y ?? null,
    caret?.documentId ?? null,
    caret?.anchor ?? null,
    caret?.head ?? null,
    caret?.revision ?? null,
    row.board,
    row.updatedAt,
    row.aliveAt,
  ];
}

/**
 * The row `packed` stands for. With `previous` (the same session's row from the last result),
 * whatever did not change keeps its object: `previous` itself when no cell changed, otherwise its
 * `pointer`, `caret` and `board` where theirs are unchanged (board compared by value), so a
 * consumer can compare rows and their parts by identity. Throws a TypeError when `packed` is not
 * a packed cursor row: a wrong length, or a session id, user id or time cell of the wrong type
 * (the pointer, caret and board cells are taken as they come: the backend's returns validator
 * checks each cell). A backend and a client that disagree on the layout fail loudly instead of
 * drawing cursors in the wrong places.
 */
export function unpackCursorRow(packed: PackedCursorRow, previous?: CursorRow): CursorRow {
  const [sessionId, userId, x, y, documentId, anchor, head, revision, board, updatedAt, aliveAt] =
    packed;
  if (
    packed.length !== PACKED_CURSOR_ROW_LENGTH ||
    typeof sessionId !== "string" ||
    typeof userId !== "string" ||
    typeof updatedAt !== "number" ||
    typeof aliveAt !== "number"
  ) {
    throw new TypeError(`Not a packed cursor row: ${JSON.stringify(packed)}`);
  }
  const old = previous?.sessionId === sessionId ? previous : undefined;
  const pointer =
    x === null || y === null
      ? null
      : old?.pointer != null && old.pointer.x === x && old.pointer.y === y
        ? old.pointer
        : { x, y };
  const oldCaret = old?.caret;
  const caret =
    documentId === null || anchor === null || head === null || revision === null
      ? null
      : oldCaret != null &&
          oldCaret.documentId === documentId &&
          oldCaret.anchor === anchor &&
          oldCaret.head === head &&
          oldCaret.revision === revision
        ? oldCaret
        : { documentId, anchor, head, revision };
  const sameBoard =
    old !== undefined &&
    (old.board === board || JSON.stringify(old.board) === JSON.stringify(board));
  if (
    old !== undefined &&
    old.userId === userId &&
    old.pointer === pointer &&
    old.caret === caret &&
    sameBoard &&
    old.updatedAt === updatedAt &&
    old.aliveAt === aliveAt
  ) {
    return old;
  }
  return {
    sessionId,
    userId,
    pointer,
    caret,
    board: sameBoard ? old.board : board,
    updatedAt,
    aliveAt,
  };
}
