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
});
