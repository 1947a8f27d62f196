// The board as a file: SVG (the canvas' own shapes, without the viewer's selection, handles or
// others' overlays, framed around every shape) and PNG (that SVG drawn on a canvas). Both apps
// render the shapes layer as `<g data-layer="shapes">` inside `board-canvas`; overlays are in
// other layers. Browser only (XMLSerializer, Image, canvas).
import { unionBounds, type Shape } from "@rooms/domain";

/** Space around the shapes in an exported file, in board units. */
export const BOARD_EXPORT_MARGIN = 24;

const SVG_NS = "http://www.w3.org/2000/svg";

/**
 * The shapes of `canvas` (a rendered `board-canvas`) as a standalone SVG document: a white
 * background, a viewBox around `shapes` plus the margin (a 1×1 empty board when none), text in
 * the system sans-serif font. Returns the file's text and its size in px (1 per board unit).
 */
export function boardSvg(
  canvas: SVGSVGElement,
  shapes: readonly Shape[],
): { text: string; width: number; height: number } {
  const layer = canvas.querySelector('[data-layer="shapes"]');
  const box = unionBounds(shapes) ?? { x: 0, y: 0, width: 0, height: 0 };
  const m = BOARD_EXPORT_MARGIN;
  const [x, y] = [Math.floor(box.x - m), Math.floor(box.y - m)];
  const width = Math.ceil(box.width + 2 * m);
  const height = Math.ceil(box.height + 2 * m);
  const doc = document.implementation.createDocument(SVG_NS, "svg", null);
  const svg = doc.documentElement;
  svg.setAttribute("viewBox", `${x} ${y} ${width} ${height}`);
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("font-family", "system-ui, sans-serif");
  const background = doc.createElementNS(SVG_NS, "rect");
  for (const [name, value] of Object.entries({ x, y, width, height, fill: "#ffffff" })) {
    background.setAttribute(name, String(value));
  }
  svg.appendChild(background);
  if (layer !== null) {
    const copy = doc.importNode(layer, true) as Element;
    copy.removeAttribute("transform");
    // Test ids and state attributes are the app's, not the drawing's.
    for (const element of [copy, ...copy.querySelectorAll("*")]) {
      for (const name of [...element.getAttributeNames()]) {
        if (name.startsWith("data-") || name === "class" || name.startsWith("aria-")) {
          element.removeAttribute(name);
        }
      }
    }
    svg.appendChild(copy);
  }
  return { text: new XMLSerializer().serializeToString(doc), width, height };
}

/** The SVG text drawn at `scale` px per board unit as a PNG file. Rejects when it cannot draw. */
export async function boardPng(
  svg: { text: string; width: number; height: number },
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(svg.width * scale));
    canvas.height = Math.max(1, Math.round(svg.height * scale));
    const context = canvas.getContext("2d");
    if (context === null) throw new Error("This browser cannot draw the board as PNG.");
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error("Could not encode the PNG."))),
        "image/png",
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Saves `data` as a download named `name` (an anchor with `download`). */
export function downloadFile(data: Blob | string, name: string, type = "image/svg+xml"): void {
  const blob = typeof data === "string" ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Saves the board drawn in `canvas` as `<name>.svg` or `<name>.png` (2 px per board unit).
 * Rejects when the browser cannot draw or encode it.
 */
export async function exportBoard(
  canvas: SVGSVGElement,
  shapes: readonly Shape[],
  format: "svg" | "png",
  name = "board",
): Promise<void> {
  const svg = boardSvg(canvas, shapes);
  if (format === "svg") downloadFile(svg.text, `${name}.svg`);
  else downloadFile(await boardPng(svg), `${name}.png`);
}
