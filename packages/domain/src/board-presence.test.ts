import { describe, expect, it } from "vitest";
import { BOARD_COLORS, type Shape } from "./board";
import {
  BOARD_DRAFT_POINTS_MAX,
  BOARD_PRESENCE_SELECTION_MAX,
  boardPresenceError,
  remoteBoardOverlays,
  type BoardPresence,
} from "./board-presence";

const rectangle = (id: string, x: number): Shape => ({
  id,
  kind: "rectangle",
  x,
  y: 0,
  width: 10,
  height: 10,
  color: BOARD_COLORS[0],
  strokeWidth: 2,
  z: "a0",
});

const presence: BoardPresence = {
  pointer: { x: -40, y: 9000 },
  selection: ["a", "b"],
  draft: {
    kind: "line",
    x: 0,
    y: 0,
    width: -20,
    height: 5,
    color: BOARD_COLORS[1],
    strokeWidth: 4,
  },
};

describe("board presence", () => {
  it("accepts pointers anywhere on the board, and refuses what a shape could not be", () => {
    expect(boardPresenceError(presence)).toBeNull();
    expect(boardPresenceError({ pointer: null, selection: [], draft: null })).toBeNull();
    const refused: BoardPresence[] = [
      { ...presence, pointer: { x: Number.NaN, y: 0 } },
      {
        ...presence,
        selection: Array.from({ length: BOARD_PRESENCE_SELECTION_MAX + 1 }, (_, i) => `s${i}`),
      },
      { ...presence, selection: ["has space"] },
      { ...presence, draft: { ...presence.draft!, strokeWidth: 0 } },
      {
        ...presence,
        draft: {
          kind: "pen",
          x: 0,
          y: 0,
          width: 1,
          height: 1,
          points: Array.from({ length: (BOARD_DRAFT_POINTS_MAX + 1) * 3 }, () => 0.5),
          color: BOARD_COLORS[0],
          strokeWidth: 2,
        },
      },
    ];
    for (const bad of refused) {
      expect(boardPresenceError(bad)).toMatchObject({
        code: "INVALID_ARGUMENT",
        field: "boardPresence",
      });
    }
  });

  it("draws others' selections around the shapes that still exist, their drafts and pointers", () => {
    const member = { sessionId: "s1", userId: "u1", name: "Ada", color: "#d1242f" };
    const [overlay] = remoteBoardOverlays(
      [
        { ...member, board: { ...presence, selection: ["a", "gone", "b"] } },
        { ...member, sessionId: "s2", board: null },
        { ...member, sessionId: "s3", board: { pointer: null, selection: ["gone"], draft: null } },
      ],
      [rectangle("a", 0), rectangle("b", 100)],
    );
    expect(overlay).toMatchObject({
      sessionId: "s1",
      name: "Ada",
      pointer: { x: -40, y: 9000 },
      selectionBox: { x: 0, y: 0, width: 110, height: 10 },
      draft: { kind: "line", id: "draft-s1" },
    });
    // s2 is not on the board, s3 has nothing left to show.
    expect(
      remoteBoardOverlays(
        [
          {
            ...member,
            sessionId: "s3",
            board: { pointer: null, selection: ["gone"], draft: null },
          },
        ],
        [],
      ),
    ).toEqual([]);
  });
});
