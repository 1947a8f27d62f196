// Fixed boards for the whiteboard stories: one shape of every kind, a 1,000-shape board, and
// other members' presence on it.
import {
  BOARD_COLORS,
  SHAPE_KINDS,
  zKeysOnTop,
  type RemoteBoardOverlay,
  type Shape,
} from "@rooms/domain";

const base = { color: BOARD_COLORS[0], strokeWidth: 2 };

/** A wavy pen stroke `width` wide, points relative to its box. */
function wave(width: number, height: number): number[] {
  const points: number[] = [];
  for (let i = 0; i <= 24; i++) {
    const x = (width * i) / 24;
    const y = height / 2 + (Math.sin(i / 3) * height) / 2;
    points.push(Math.round(x * 100) / 100, Math.round(y * 100) / 100, 0.3 + (i % 5) / 10);
  }
  return points;
}

/** One shape of every kind, left to right, top to bottom. */
export const everyKind: Shape[] = [
  { ...base, id: "rect", kind: "rectangle", x: 40, y: 40, width: 160, height: 100, z: "a0" },
  {
    ...base,
    id: "oval",
    kind: "ellipse",
    x: 240,
    y: 40,
    width: 160,
    height: 100,
    z: "a1",
    color: BOARD_COLORS[4],
  },
  { ...base, id: "line", kind: "line", x: 440, y: 40, width: 160, height: 100, z: "a2" },
  {
    ...base,
    id: "arrow",
    kind: "arrow",
    x: 40,
    y: 200,
    width: 160,
    height: 60,
    z: "a3",
    color: BOARD_COLORS[1],
    strokeWidth: 4,
  },
  {
    ...base,
    id: "pen",
    kind: "pen",
    x: 240,
    y: 200,
    width: 160,
    height: 60,
    points: wave(160, 60),
    z: "a4",
    color: BOARD_COLORS[5],
    strokeWidth: 4,
  },
  {
    ...base,
    id: "note",
    kind: "note",
    x: 440,
    y: 180,
    width: 180,
    height: 140,
    text: "Ship the board on Friday, with export",
    z: "a5",
  },
  {
    ...base,
    id: "text",
    kind: "text",
    x: 40,
    y: 320,
    width: 320,
    height: 40,
    text: "Sprint 12 — retro",
    z: "a6",
    color: BOARD_COLORS[3],
  },
];

const thousandKeys = zKeysOnTop([], 1000);

/** 1,000 shapes of every kind on a 40 × 25 grid. */
export const thousandShapes: Shape[] = Array.from({ length: 1000 }, (_, i) => {
  const kind = SHAPE_KINDS[i % SHAPE_KINDS.length]!;
  const [x, y] = [(i % 40) * 36 + 8, Math.floor(i / 40) * 36 + 8];
  const shape: Shape = {
    id: `s${i}`,
    kind,
    x,
    y,
    width: 28,
    height: 28,
    color: BOARD_COLORS[i % BOARD_COLORS.length]!,
    strokeWidth: 1 + (i % 3),
    z: thousandKeys[i]!,
  };
  if (kind === "pen") return { ...shape, points: wave(28, 28) };
  if (kind === "note" || kind === "text") return { ...shape, text: `#${i}` };
  return shape;
});

/** Grace has the note selected and points at it; Alan is drawing a stroke. */
export const remoteOverlays: RemoteBoardOverlay[] = [
  {
    sessionId: "grace-1",
    userId: "user-grace",
    name: "Grace Hopper",
    color: "#8e24aa",
    pointer: { x: 600, y: 300 },
    selectionBox: { x: 440, y: 180, width: 180, height: 140 },
    draft: null,
  },
  {
    sessionId: "alan-1",
    userId: "user-alan",
    name: "Alan Turing",
    color: "#2e7d32",
    pointer: { x: 560, y: 420 },
    selectionBox: null,
    draft: {
      id: "draft-alan-1",
      kind: "pen",
      x: 400,
      y: 380,
      width: 160,
      height: 40,
      points: wave(160, 40),
      color: BOARD_COLORS[3],
      strokeWidth: 4,
      z: "a0",
    },
  },
];
