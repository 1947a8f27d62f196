// What a member shows others on a whiteboard, carried by their cursor row (presence.updateCursor
// `board`): the pointer in board units (so it lands on the same shapes whatever each viewer's
// pan and zoom), the shapes they have selected, and the shape they are drawing. Validation for
// the server, and what a viewer draws of everyone else's.
import { SHAPE_ID_PATTERN, shapeError, type Shape } from "./board";
import { unionBounds, type Bounds } from "./board-geometry";
import { ErrorCode, roomsError, type RoomsErrorData } from "./errors";
import type { Point } from "./presence";

/** Most selected shape ids one member's board presence carries (more: the first ones). */
export const BOARD_PRESENCE_SELECTION_MAX = 200;
/** Most points of a pen draft in board presence (a longer stroke is thinned to this). */
export const BOARD_DRAFT_POINTS_MAX = 600;

/** A shape being drawn, not on the board yet: a Shape without id and z-order key. */
export type BoardDraft = Omit<Shape, "id" | "z">;

/** One member's presence on the board. */
export interface BoardPresence {
  /** The pointer in board units; null when it is off the board. */
  pointer: Point | null;
  /** Ids of the shapes they have selected. */
  selection: string[];
  /** The shape they are drawing, or null. */
  draft: BoardDraft | null;
}

/** Why `presence` may not be stored: INVALID_ARGUMENT (field `boardPresence`), or null. */
export function boardPresenceError(presence: BoardPresence): RoomsErrorData | null {
  const invalid = roomsError(ErrorCode.INVALID_ARGUMENT, { field: "boardPresence" });
  const { pointer, selection, draft } = presence;
  if (pointer !== null && !(Number.isFinite(pointer.x) && Number.isFinite(pointer.y))) {
    return invalid;
  }
  if (selection.length > BOARD_PRESENCE_SELECTION_MAX) return invalid;
  if (!selection.every((id) => SHAPE_ID_PATTERN.test(id))) return invalid;
  if (draft !== null) {
    if ((draft.points?.length ?? 0) / 3 > BOARD_DRAFT_POINTS_MAX) return invalid;
    if (shapeError({ ...draft, z: "a0" }) !== null) return invalid;
  }
  return null;
}

/** What a viewer draws of another member on the board. */
export interface RemoteBoardOverlay {
  sessionId: string;
  userId: string;
  name: string;
  color: string;
  pointer: Point | null;
  /** The box around their selected shapes that still exist, or null. */
  selectionBox: Bounds | null;
  /** Their draft as a shape (id `draft-<sessionId>`), or null. */
  draft: Shape | null;
}

/**
 * The overlays of other members' board presence over `shapes` (the viewer's own session is
 * left out by the caller). Members with nothing on the board are skipped.
 */
export function remoteBoardOverlays(
  cursors: readonly {
    sessionId: string;
    userId: string;
    name: string;
    color: string;
    board?: BoardPresence | null;
  }[],
  shapes: readonly Shape[],
): RemoteBoardOverlay[] {
  const byId = new Map(shapes.map((s) => [s.id, s]));
  const overlays: RemoteBoardOverlay[] = [];
  for (const cursor of cursors) {
    const board = cursor.board;
    if (!board) continue;
    const selected = board.selection.flatMap((id) => byId.get(id) ?? []);
    const overlay = {
      sessionId: cursor.sessionId,
      userId: cursor.userId,
      name: cursor.name,
      color: cursor.color,
      pointer: board.pointer,
      selectionBox: unionBounds(selected),
      draft: board.draft && { ...board.draft, id: `draft-${cursor.sessionId}`, z: "a0" },
    };
    if (overlay.pointer || overlay.selectionBox || overlay.draft) overlays.push(overlay);
  }
  return overlays;
}
