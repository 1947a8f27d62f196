/**
 * Request parsing for the CLI push endpoints: body decoding (`Content-Encoding: br` etc.), JSON, and
 * hand-rolled checks of the shapes in convex@1.48 src/cli/lib/deployApi/*.ts.
 */
import type http from "node:http";
import { HttpError, readBody } from "../http/util.js";
import { moduleHash } from "./load.js";
import type { ModuleSet, ModuleSource } from "../runtime/modules.js";
import { checkNodeDependencies, type NodeDependency } from "./node-dependencies.js";

export type Json = Record<string, unknown>;

/** Push endpoint errors are the shared HTTP error: status plus a `{code, message}` body. */
export { HttpError as PushHttpError };

export const bad = (message: string, code = "BadRequest") => new HttpError(400, code, message);

/** Reads a (possibly br/gzip-compressed) JSON object body for the push endpoint `where`. */
export async function readJsonBody(
  req: http.IncomingMessage,
  where: string,
  maxBytes: number,
): Promise<Json> {
  const raw = await readBody(req, maxBytes, `Request bodies for ${where}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw bad(`Invalid JSON body for ${where}: ${(e as Error).message}`, "BadJsonBody");
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw bad(`Invalid body for ${where}: expected a JSON object`, "BadJsonBody");
  }
  return parsed as Json;
}

// ---- small validators -------------------------------------------------------------------------

export function str(o: Json, key: string, where: string): string {
  if (typeof o[key] !== "string") throw bad(`Invalid ${where}: \`${key}\` must be a string`);
  return o[key] as string;
}
export function bool(o: Json, key: string, where: string, fallback?: boolean): boolean {
  if (o[key] === undefined && fallback !== undefined) return fallback;
  if (typeof o[key] !== "boolean") throw bad(`Invalid ${where}: \`${key}\` must be a boolean`);
  return o[key] as boolean;
}
export function obj(o: Json, key: string, where: string): Json {
  const v = o[key];
  if (!v || typeof v !== "object" || Array.isArray(v))
    throw bad(`Invalid ${where}: \`${key}\` must be an object`);
  return v as Json;
}
export function list(o: Json, key: string, where: string, fallback?: unknown[]): unknown[] {
  if (o[key] === undefined && fallback !== undefined) return fallback;
  if (!Array.isArray(o[key])) throw bad(`Invalid ${where}: \`${key}\` must be an array`);
  return o[key] as unknown[];
}

export function moduleConfig(v: unknown, where: string): ModuleSource {
  if (!v || typeof v !== "object") throw bad(`Invalid ${where}: expected a module object`);
  const m = v as Json;
  const p = str(m, "path", where);
  const env = m.environment;
  if (env !== "isolate" && env !== "node")
    throw bad(`Invalid ${where} (${p}): \`environment\` must be "isolate" or "node"`);
  const sourceMap = m.sourceMap;
  if (sourceMap !== undefined && sourceMap !== null && typeof sourceMap !== "string") {
    throw bad(`Invalid ${where} (${p}): \`sourceMap\` must be a string`);
  }
  return {
    path: p,
    source: str(m, "source", `${where} (${p})`),
    sourceMap: sourceMap ?? undefined,
    environment: env,
  };
}

export interface PushRequest {
  dryRun: boolean;
  functions: string;
  schema: ModuleSource | null;
  changed: ModuleSource[];
  unchanged: { path: string; environment: string; sha256: string }[];
  udfServerVersion: string;
  /** `externalPackages` to install (node-dependencies.ts). */
  nodeDependencies: NodeDependency[];
}

export function parsePushRequest(body: Json, where: string): PushRequest {
  const app = obj(body, "appDefinition", where);
  const components = list(body, "componentDefinitions", where, []);
  if (components.length > 0) {
    throw bad(
      "Convex components (convex.config.ts with app.use(...)) are not supported by this local deployment",
      "ComponentsNotSupported",
    );
  }
  const unchanged = list(app, "unchangedModuleHashes", "appDefinition", []).map((u, i) => {
    const h = (u ?? {}) as Json;
    const at = `appDefinition.unchangedModuleHashes[${i}]`;
    return {
      path: str(h, "path", at),
      environment: str(h, "environment", at),
      sha256: str(h, "sha256", at),
    };
  });
  return {
    dryRun: bool(body, "dryRun", where, false),
    functions: typeof body.functions === "string" ? body.functions : "convex/",
    schema:
      app.schema === null || app.schema === undefined
        ? null
        : moduleConfig(app.schema, "appDefinition.schema"),
    changed: list(app, "changedModules", "appDefinition").map((m, i) =>
      moduleConfig(m, `appDefinition.changedModules[${i}]`),
    ),
    unchanged,
    udfServerVersion: typeof app.udfServerVersion === "string" ? app.udfServerVersion : "unknown",
    nodeDependencies: nodeDependenciesOf(body.nodeDependencies),
  };
}

function nodeDependenciesOf(deps: unknown): NodeDependency[] {
  try {
    return checkNodeDependencies(deps);
  } catch (e) {
    throw bad(`Invalid push request: ${(e as Error).message}`);
  }
}

/** Changed modules plus the unchanged ones the CLI referenced by hash, taken from the serving set. */
export function assembleModules(req: PushRequest, active: ModuleSet | null): ModuleSource[] {
  const serving = new Map((active?.sources ?? []).map((s) => [s.path, s]));
  const out = [...req.changed];
  for (const u of req.unchanged) {
    const s = serving.get(u.path);
    if (!s || s.environment !== u.environment || moduleHash(s) !== u.sha256) {
      throw bad(
        `The push refers to an unchanged module ${u.path} (sha256 ${u.sha256.slice(0, 12)}…) that this deployment ` +
          "does not have; the deployment changed since the CLI read its hashes. Run the command again.",
        "ModuleNotFound",
      );
    }
    out.push({ ...s });
  }
  return out;
}
