/**
 * The stack frames Convex puts in a function's error text: one line per frame in the pushed
 * user code, `    at [async ]<function or <anonymous>> (<source>:<line>:<column>)`, with the
 * position mapped through the module's source map to the original file as the CLI bundled it
 * (e.g. `../convex/messages.ts:12:11`), and frames in libraries (sources under `node_modules`,
 * the runtime itself) left out (source: convex-backend isolate/src/error.rs, isolate/helpers.rs;
 * convex-cli-and-errors.md §7).
 *
 * The source maps are the `<module>.js.map` files the push wrote beside each module
 * (push/load.ts). A frame whose module has no map keeps its bundled path relative to the push.
 */
import fs from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";

/** `/modules/<push id>/<path>`: where pushed modules live in a data dir (push/load.ts). */
const MODULE_FILE = /[/\\]modules[/\\][0-9a-f]+[/\\](.+)$/;
/** `    at [async ][name ](location)` or `    at [async ]location`. */
const FRAME = /^\s*at (async )?(?:(.+?) \((.+)\)|(.+))$/;
const LOCATION = /^(.*):(\d+):(\d+)$/;

const maps = new Map<string, SourceMap | null>();

function sourceMapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, "utf8")));
    } catch {
      map = null;
    }
    if (maps.size > 2_000) maps.clear();
    maps.set(file, map);
  }
  return map;
}

function fileOf(location: string): string | null {
  if (location.startsWith("file://")) {
    try {
      return fileURLToPath(location);
    } catch {
      return null;
    }
  }
  return location.startsWith("/") ? location : null;
}

/** The user-code frames of `error`'s stack, formatted as Convex prints them; [] if none. */
export function userFrames(error: unknown): string[] {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== "string") return [];
  const frames: string[] = [];
  for (const line of stack.split("\n")) {
    const frame = FRAME.exec(line);
    if (frame === null) continue;
    const [, isAsync, name, wrapped, bare] = frame;
    const location = LOCATION.exec(wrapped ?? bare ?? "");
    if (location === null) continue;
    const file = fileOf(location[1]!);
    const module = file === null ? null : MODULE_FILE.exec(file);
    if (file === null || module === null) continue;
    const map = sourceMapOf(file);
    let where = `${module[1]!.replaceAll("\\", "/")}:${location[2]}:${location[3]}`;
    if (map !== null) {
      const entry = map.findEntry(Number(location[2]) - 1, Number(location[3]) - 1) as {
        originalSource?: string;
        originalLine?: number;
        originalColumn?: number;
      };
      if (entry.originalSource === undefined) continue;
      if (/(^|[/\\])node_modules[/\\]/.test(entry.originalSource)) continue;
      where = `${entry.originalSource}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
    } else if (module[1]!.startsWith("_deps/")) {
      continue;
    }
    const fn = name === undefined || name === "" ? "<anonymous>" : name.replace(/^Object\./, "");
    frames.push(`    at ${isAsync ?? ""}${fn} (${where})`);
  }
  return frames;
}

/** Convex's error text: `Uncaught <name>: <message>` and the user frames, each line ending `\n`. */
export function uncaughtText(name: string, message: string, error: unknown): string {
  const frames = userFrames(error);
  return `Uncaught ${name}: ${message}${frames.length === 0 ? "" : `\n${frames.join("\n")}\n`}`;
}
