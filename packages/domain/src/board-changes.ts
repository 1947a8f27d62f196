// Changes to a board as values: what a client sends (convex/boards.ts create / update / remove),
// applies optimistically before the server has it, and keeps inverted for undo. Pure functions
// over a Map of shapes by id.
import { applyShapePatches, type Shape, type ShapePatch } from "./board";

/** A patch naming its shape. */
export type IdentifiedPatch = ShapePatch & { id: string };

export type BoardChange =
  | { type: "create"; shapes: Shape[] }
  | { type: "update"; patches: IdentifiedPatch[] }
  | { type: "remove"; ids: string[] };

/**
 * The board after `change`, as the server applies it: a create of an existing id, and an update
 * or remove of a missing one, are skipped (someone else got there first). Returns `shapes`
 * itself when nothing changed.
 */
export function applyBoardChange(
  shapes: ReadonlyMap<string, Shape>,
  change: BoardChange,
): ReadonlyMap<string, Shape> {
  const next = new Map(shapes);
  let changed = false;
  if (change.type === "create") {
    for (const shape of change.shapes) {
      if (next.has(shape.id)) continue;
      next.set(shape.id, shape);
      changed = true;
    }
  } else if (change.type === "update") {
    for (const { id, ...patch } of change.patches) {
      const shape = next.get(id);
      if (shape === undefined) continue;
      const patched = applyShapePatches(shape, patch);
      if (patched !== shape) next.set(id, patched);
      changed ||= patched !== shape;
    }
  } else {
    for (const id of change.ids) changed = next.delete(id) || changed;
  }
  return changed ? next : shapes;
}

/**
 * The change that undoes `change` made on `before` (the board just before it): a create is
 * undone by removing those shapes, a remove by creating the removed shapes again (same ids,
 * same z), an update by setting **only the fields it set** back to their earlier values, so
 * undoing one's move does not revert another user's later recolor of the same shape.
 */
export function inverseBoardChange(
  before: ReadonlyMap<string, Shape>,
  change: BoardChange,
): BoardChange {
  if (change.type === "create") {
    return { type: "remove", ids: change.shapes.filter((s) => !before.has(s.id)).map((s) => s.id) };
  }
  if (change.type === "remove") {
    return {
      type: "create",
      shapes: change.ids.flatMap((id) => {
        const shape = before.get(id);
        return shape === undefined ? [] : [shape];
      }),
    };
  }
  return {
    type: "update",
    patches: change.patches.flatMap(({ id, ...patch }) => {
      const shape = before.get(id);
      if (shape === undefined) return [];
      const previous = Object.fromEntries(
        Object.keys(patch).map((field) => [field, shape[field as keyof Shape]]),
      ) as ShapePatch;
      return [{ id, ...previous }];
    }),
  };
}

/** Whether `change` changes nothing (an empty batch). */
export function isEmptyChange(change: BoardChange): boolean {
  if (change.type === "create") return change.shapes.length === 0;
  if (change.type === "update") return change.patches.length === 0;
  return change.ids.length === 0;
}
