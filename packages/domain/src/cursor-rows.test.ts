import { describe, expect, it } from "vitest";
import {
  PACKED_CURSOR_ROW_LENGTH,
  packCursorRow,
  unpackCursorRow,
  type PackedCursorRow,
} from "./cursor-rows";
import type { CursorRow } from "./types";

const base: CursorRow = {
  sessionId: "tab-1",
  userId: "user-1",
  pointer: null,
  caret: null,
  board: null,
  updatedAt: 1_700_000_000_000,
  aliveAt: 1_700_000_005_000,
};

describe("packed cursor rows", () => {
  it("round-trips every combination of pointer, caret and board", () => {
    const pointers = [null, { x: 0, y: 1 }, { x: 0.25, y: 0.75 }];
    const carets = [null, { documentId: "doc-1", anchor: 0, head: 12, revision: 7 }];
    const boards = [
      null,
      {
        pointer: { x: -250, y: 4000 },
        selection: ["s1"],
        draft: null,
      },
    ];
    for (const pointer of pointers)
      for (const caret of carets)
        for (const board of boards) {
          const row = { ...base, pointer, caret, board };
          const packed = packCursorRow(row);
          expect(packed).toHaveLength(PACKED_CURSOR_ROW_LENGTH);
          expect(unpackCursorRow(packed)).toEqual(row);
          // What crosses the wire is JSON.
          expect(unpackCursorRow(JSON.parse(JSON.stringify(packed)))).toEqual(row);
        }
  });

  it("keeps zero offsets and coordinates (not mistaken for absent)", () => {
    const row = {
      ...base,
      pointer: { x: 0, y: 0 },
      caret: { documentId: "doc-1", anchor: 0, head: 0, revision: 0 },
    };
    expect(unpackCursorRow(packCursorRow(row))).toEqual(row);
  });

  it("puts the cells in the documented order", () => {
    const packed = packCursorRow({
      ...base,
      pointer: { x: 0.1, y: 0.2 },
      caret: { documentId: "doc-1", anchor: 3, head: 4, revision: 5 },
    });
    expect(packed).toEqual([
      "tab-1",
      "user-1",
      0.1,
      0.2,
      "doc-1",
      3,
      4,
      5,
      null,
      1_700_000_000_000,
      1_700_000_005_000,
    ]);
  });

  it("rejects what is not a packed row instead of misreading it", () => {
    const good = packCursorRow(base);
    const bad: unknown[] = [
      good.slice(0, 10),
      [...good, null],
      [1, ...good.slice(1)],
      [...good.slice(0, 9), "soon", good[10]],
      [...good.slice(0, 10), null],
    ];
    for (const packed of bad) {
      expect(() => unpackCursorRow(packed as PackedCursorRow)).toThrow(TypeError);
    }
  });

  it("reuses the previous row and its unchanged parts", () => {
    const before: CursorRow = {
      ...base,
      pointer: { x: 0.1, y: 0.2 },
      caret: { documentId: "doc-1", anchor: 3, head: 4, revision: 5 },
      board: { pointer: { x: 1, y: 2 }, selection: ["s1"], draft: null },
    };
    const wire = (row: CursorRow) => JSON.parse(JSON.stringify(packCursorRow(row)));
    expect(unpackCursorRow(wire(before), before)).toBe(before);

    const moved = unpackCursorRow(wire({ ...before, pointer: { x: 0.3, y: 0.2 } }), before);
    expect(moved).not.toBe(before);
    expect(moved.pointer).toEqual({ x: 0.3, y: 0.2 });
    expect(moved.caret).toBe(before.caret);
    expect(moved.board).toBe(before.board);

    const typed = unpackCursorRow(
      wire({ ...before, caret: { ...before.caret!, anchor: 4, head: 5 } }),
      before,
    );
    expect(typed.pointer).toBe(before.pointer);
    expect(typed.caret).toEqual({ documentId: "doc-1", anchor: 4, head: 5, revision: 5 });

    const alive = unpackCursorRow(wire({ ...before, aliveAt: before.aliveAt + 5000 }), before);
    expect(alive).not.toBe(before);
    expect(alive.aliveAt).toBe(before.aliveAt + 5000);
    expect([alive.pointer, alive.caret, alive.board]).toEqual([
      before.pointer,
      before.caret,
      before.board,
    ]);
    expect(alive.pointer).toBe(before.pointer);

    const selected = unpackCursorRow(
      wire({ ...before, board: { ...before.board!, selection: ["s1", "s2"] } }),
      before,
    );
    expect(selected.board?.selection).toEqual(["s1", "s2"]);
    expect(selected.caret).toBe(before.caret);
  });

  it("takes nothing from another session's row", () => {
    const other: CursorRow = { ...base, sessionId: "tab-2", pointer: { x: 0.5, y: 0.5 } };
    const row = unpackCursorRow(packCursorRow({ ...base, pointer: { x: 0.5, y: 0.5 } }), other);
    expect(row.sessionId).toBe("tab-1");
    expect(row.pointer).not.toBe(other.pointer);
  });
});
