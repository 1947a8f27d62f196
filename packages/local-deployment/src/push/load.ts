/**
 * Loads a pushed module set in Node and analyses it the way the official node executor does
 * (convex-backend npm-packages/node-executor/src/executor.ts `analyzeModule`): every module is
 * written to disk under a fresh directory, `import()`ed by file URL, and its exports are classified
 * with `hasOwnProperty` checks on the objects `convex/server` builds.
 *
 * Importing a bundled module needs no host globals: the bundles carry their own copy of
 * `convex/server` and only reach `globalThis.Convex` when a function is invoked.
 */
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type {
  AnalyzedExport,
  FunctionEntry,
  FunctionKind,
  ModuleSet,
  ModuleSource,
  RegisteredFunction,
  Visibility,
} from "../runtime/modules.js";
import type { SchemaJson, ValidatorJson } from "../engine/schema-json.js";
import { linkNodeModules } from "./node-dependencies.js";

/** sha256 hex of `source + (sourceMap ?? "")`, the hash the CLI compares (cli/lib/components.ts). */
export function moduleHash(module: Pick<ModuleSource, "source" | "sourceMap">): string {
  return createHash("sha256")
    .update(module.source)
    .update(module.sourceMap ?? "")
    .digest("hex");
}

/** `"dir/mod.js"` + `"fn"` → `"dir/mod:fn"` (convex@1.48 browser/sync/udf_path_utils.ts). */
export function canonicalUdfPath(modulePath: string, exportName: string): string {
  const mod = modulePath.endsWith(".js") ? modulePath.slice(0, -3) : modulePath;
  return `${mod}:${exportName}`;
}

/** True for the shared chunks esbuild splits out (`_deps/<HASH>.js`); they export no functions. */
export function isDepsModule(modulePath: string): boolean {
  return modulePath.startsWith("_deps/");
}

const own = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

function analyzeError(modulePath: string, e: unknown): Error {
  return new Error(`Failed to analyze ${modulePath}: Uncaught ${errorText(e)}`, { cause: e });
}

/** Rejects paths that would escape `dir` or that the CLI never sends. */
function checkModulePath(p: string): void {
  const ok =
    typeof p === "string" &&
    p.length > 0 &&
    !p.includes("\\") &&
    !p.includes("\0") &&
    !path.posix.isAbsolute(p) &&
    path.posix.normalize(p) === p &&
    !p.split("/").some((seg) => seg === ".." || seg === "." || seg === "") &&
    p.endsWith(".js");
  if (!ok) {
    throw new Error(
      `Invalid module path ${JSON.stringify(p)}: expected a relative path ending in .js`,
    );
  }
}

function classify(value: object): { kind: FunctionKind | "httpAction" } | null {
  if (own(value, "isAction") && own(value, "invokeAction")) return { kind: "action" };
  if (own(value, "isQuery") && own(value, "invokeQuery")) return { kind: "query" };
  if (own(value, "isMutation") && own(value, "invokeMutation")) return { kind: "mutation" };
  if (
    own(value, "isHttp") &&
    (own(value, "invokeHttpAction") || own(value, "invokeHttpEndpoint"))
  ) {
    return { kind: "httpAction" };
  }
  return null;
}

function parseValidator(
  value: Record<string, unknown>,
  method: "exportArgs" | "exportReturns",
  where: string,
): ValidatorJson | null | undefined {
  if (!own(value, method) || typeof value[method] !== "function") return undefined;
  let exported: unknown;
  try {
    exported = (value[method] as () => unknown)();
  } catch (e) {
    throw new Error(
      `${where}: ${method}() threw (is a validator undefined because of a circular import?): ${errorText(e)}`,
      { cause: e },
    );
  }
  if (typeof exported !== "string") return undefined;
  const parsed: unknown = JSON.parse(exported);
  if (parsed === null) return null;
  if (
    typeof parsed !== "object" ||
    Array.isArray(parsed) ||
    typeof (parsed as ValidatorJson).type !== "string"
  ) {
    throw new Error(
      `${where}: ${method}() returned an invalid validator: ${exported.slice(0, 200)}`,
    );
  }
  return parsed as ValidatorJson;
}

const UDF_TYPE = {
  query: "Query",
  mutation: "Mutation",
  action: "Action",
  httpAction: "HttpAction",
} as const;

/**
 * Classifies a module namespace's exports. Queries, mutations and actions become `FunctionEntry`s;
 * HTTP actions are only reported in the analysis (they are reached through the router).
 */
export function analyzeExports(
  modulePath: string,
  namespace: Record<string, unknown>,
): { entries: FunctionEntry[]; analyzed: AnalyzedExport[] } {
  const entries: FunctionEntry[] = [];
  const analyzed: AnalyzedExport[] = [];
  for (const [name, value] of Object.entries(namespace)) {
    if (
      value === null ||
      value === undefined ||
      (typeof value !== "object" && typeof value !== "function")
    )
      continue;
    const c = classify(value);
    if (!c) continue;
    const isPublic = own(value, "isPublic");
    const isInternal = own(value, "isInternal");
    if (isPublic && isInternal) continue; // the official executor skips these too
    const visibility: Visibility | null = isPublic ? "public" : isInternal ? "internal" : null;
    const udfPath = canonicalUdfPath(modulePath, name);
    const fnObj = value as Record<string, unknown>;
    const argsRaw = parseValidator(fnObj, "exportArgs", udfPath);
    const returnsRaw = parseValidator(fnObj, "exportReturns", udfPath);
    const args: ValidatorJson = argsRaw ?? { type: "any" };
    if (c.kind !== "httpAction" && args.type !== "object" && args.type !== "any") {
      throw new Error(
        `Invalid args validator for ${udfPath}: the args of a Convex function must be an object ` +
          `(\`args: { ... }\` or \`args: v.object({ ... })\`), but this one is a validator of type "${args.type}".`,
      );
    }
    const returns = returnsRaw ?? null;
    analyzed.push({
      name,
      udfType: UDF_TYPE[c.kind],
      visibility,
      args: c.kind === "httpAction" ? null : args,
      returns: c.kind === "httpAction" ? null : returns,
    });
    if (c.kind === "httpAction") continue;
    entries.push({
      udfPath,
      kind: c.kind,
      // Objects without either flag predate visibility; the official backend serves them as public.
      visibility: visibility ?? "public",
      args,
      returns,
      fn: value as RegisteredFunction,
    });
  }
  return { entries, analyzed };
}

/** `defineSchema(...)` default export → parsed `.export()` JSON. */
export function schemaFromNamespace(
  modulePath: string,
  namespace: Record<string, unknown>,
): SchemaJson {
  const def = namespace.default as { export?: unknown } | undefined;
  if (!def || typeof def !== "object" || typeof def.export !== "function") {
    throw new Error(
      `Failed to analyze ${modulePath}: the schema module must \`export default defineSchema({...})\``,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse((def.export as () => string).call(def));
  } catch (e) {
    throw analyzeError(modulePath, e);
  }
  const schema = parsed as SchemaJson;
  if (!schema || typeof schema !== "object" || !Array.isArray(schema.tables)) {
    throw new Error(
      `Failed to analyze ${modulePath}: defineSchema(...).export() did not return {tables: [...]}`,
    );
  }
  for (const t of schema.tables) {
    t.indexes ??= [];
    t.searchIndexes ??= [];
    t.vectorIndexes ??= [];
    t.documentType ??= null;
  }
  schema.schemaValidation = schema.schemaValidation !== false;
  return schema;
}

async function writeModule(dir: string, m: ModuleSource): Promise<string> {
  checkModulePath(m.path);
  const file = path.join(dir, ...m.path.split("/"));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, m.source, "utf8");
  if (typeof m.sourceMap === "string" && m.sourceMap.length > 0) {
    await writeFile(`${file}.map`, m.sourceMap, "utf8");
  }
  return file;
}

/** Node-bundled ("use node") chunks may call esbuild's `__require` shim for builtins. */
function ensureRequire(file: string): void {
  const g = globalThis as { require?: unknown };
  if (typeof g.require === "undefined") g.require = createRequire(file);
}

async function importModule(
  file: string,
  modulePath: string,
  environment: ModuleSource["environment"],
) {
  if (environment === "node") ensureRequire(file);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw analyzeError(modulePath, e);
  }
}

/**
 * Evaluates only a schema module (for `evaluate_schema` predictions). `dir` must be fresh or hold
 * nothing this module shares a path with.
 */
export async function loadSchemaModule(dir: string, schema: ModuleSource): Promise<SchemaJson> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "package.json"), '{"type":"module"}\n', "utf8");
  const file = await writeModule(dir, schema);
  return schemaFromNamespace(
    schema.path,
    await importModule(file, schema.path, schema.environment),
  );
}

/** `auth.config.js` default export, lightly checked. */
function authConfigFrom(
  modulePath: string,
  namespace: Record<string, unknown>,
): { providers?: unknown[] } | null {
  const def = namespace.default;
  if (def === undefined || def === null) return null;
  if (typeof def !== "object") {
    throw new Error(
      `Failed to analyze ${modulePath}: the default export must be \`{ providers: [...] }\``,
    );
  }
  const providers = (def as { providers?: unknown }).providers;
  if (providers !== undefined && !Array.isArray(providers)) {
    throw new Error(`Failed to analyze ${modulePath}: \`providers\` must be an array`);
  }
  return def as { providers?: unknown[] };
}

/**
 * Writes `modules` (and `schema`) under `dir`, imports every non-`_deps` module and analyses it.
 * Throws an Error with a clear message for a module that fails to import, a function with a
 * non-object args validator, or a bad schema / router / crons default export.
 *
 * `dir` must be a fresh directory per push so that Node's ESM cache never serves an old version.
 */
export async function loadModuleSet(
  dir: string,
  modules: ModuleSource[],
  schema: ModuleSource | null,
  /** External packages' `node_modules` (node-dependencies.ts), linked into `dir`. */
  nodeModules: string | null = null,
): Promise<ModuleSet> {
  const seen = new Set<string>();
  for (const m of [...modules, ...(schema ? [schema] : [])]) {
    checkModulePath(m.path);
    if (seen.has(m.path)) throw new Error(`Module ${m.path} was pushed twice`);
    seen.add(m.path);
  }
  await mkdir(dir, { recursive: true });
  // The directory may live outside any package: make `.js` mean ESM regardless of location.
  await writeFile(path.join(dir, "package.json"), '{"type":"module"}\n', "utf8");
  if (nodeModules !== null) linkNodeModules(dir, nodeModules);
  const files = new Map<string, string>();
  for (const m of modules) files.set(m.path, await writeModule(dir, m));
  const schemaFile = schema ? await writeModule(dir, schema) : null;

  const functions = new Map<string, FunctionEntry>();
  const analysis = new Map<string, AnalyzedExport[]>();
  let httpRouter: unknown | null = null;
  let crons: unknown | null = null;
  let authConfig: { providers?: unknown[] } | null = null;
  const sorted = [...modules].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const m of sorted) {
    if (isDepsModule(m.path)) continue;
    const ns = await importModule(files.get(m.path)!, m.path, m.environment);
    let result: ReturnType<typeof analyzeExports>;
    try {
      result = analyzeExports(m.path, ns);
    } catch (e) {
      throw new Error(`Failed to analyze ${m.path}: ${(e as Error).message}`, { cause: e });
    }
    for (const entry of result.entries) functions.set(entry.udfPath, entry);
    analysis.set(m.path, result.analyzed);
    if (m.path === "http.js" && ns.default !== undefined) {
      const router = ns.default as { isRouter?: unknown } | null;
      if (!router || router.isRouter !== true) {
        throw new Error(
          "Failed to analyze http.js: the default export must be an HttpRouter (`export default httpRouter()`)",
        );
      }
      httpRouter = router;
    }
    if (m.path === "crons.js" && ns.default !== undefined) {
      const c = ns.default as { isCrons?: unknown } | null;
      if (!c || c.isCrons !== true) {
        throw new Error(
          "Failed to analyze crons.js: the default export must be a Crons object (`export default cronJobs()`)",
        );
      }
      crons = c;
    }
    if (m.path === "auth.config.js") authConfig = authConfigFrom(m.path, ns);
  }
  const schemaJson =
    schema && schemaFile
      ? schemaFromNamespace(
          schema.path,
          await importModule(schemaFile, schema.path, schema.environment),
        )
      : null;

  return {
    functions,
    httpRouter,
    crons,
    authConfig,
    schema: schemaJson,
    hashes: modules.map((m) => ({ path: m.path, hash: moduleHash(m), environment: m.environment })),
    sources: modules.map((m) => ({ ...m })),
    analysis,
  };
}

/**
 * Per-module analysis of a module set, including HTTP actions and modules without functions.
 * Uses what `loadModuleSet` recorded; for hand-built sets it is rebuilt from `functions`.
 */
export function moduleAnalysis(set: ModuleSet): Map<string, AnalyzedExport[]> {
  if (set.analysis) return set.analysis;
  const out = new Map<string, AnalyzedExport[]>();
  for (const s of set.sources) if (!isDepsModule(s.path)) out.set(s.path, []);
  for (const f of set.functions.values()) {
    const idx = f.udfPath.lastIndexOf(":");
    const mod = `${f.udfPath.slice(0, idx)}.js`;
    const list = out.get(mod) ?? [];
    list.push({
      name: f.udfPath.slice(idx + 1),
      udfType: UDF_TYPE[f.kind],
      visibility: f.visibility,
      args: f.args,
      returns: f.returns,
    });
    out.set(mod, list);
  }
  return out;
}
