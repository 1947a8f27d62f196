/**
 * Pure builders for the CLI push wire formats (shapes: convex@1.48 src/cli/lib/deployApi/*.ts).
 * Every object there is `looseObject` (passthrough), so extra fields survive a round trip.
 */
import { isDepsModule, moduleAnalysis } from "./load.js";
import type { ModuleSet } from "../runtime/modules.js";
import type { SchemaJson, TableSchemaJson } from "../engine/schema-json.js";

/** `DeveloperIndexConfig` (deployApi/finishPush.ts): `name` is `"table.index"`. */
export type DeveloperIndex =
  | { name: string; type: "database"; fields: string[]; staged?: boolean }
  | { name: string; type: "search"; searchField: string; filterFields: string[]; staged?: boolean }
  | {
      name: string;
      type: "vector";
      vectorField: string;
      dimensions: number;
      filterFields: string[];
      staged?: boolean;
    };

export interface IndexDiff {
  added_indexes: DeveloperIndex[];
  removed_indexes: DeveloperIndex[];
  enabled_indexes: DeveloperIndex[];
  disabled_indexes: DeveloperIndex[];
}

type IndexChange = "added" | "identical" | "enabled" | "disabled" | "dropped";

type Raw = Record<string, unknown>;
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function tableIndexes(t: TableSchemaJson): DeveloperIndex[] {
  const out: DeveloperIndex[] = [];
  const name = (i: Raw) => `${t.tableName}.${String(i.indexDescriptor)}`;
  for (const [list, staged] of [
    [t.indexes, false],
    [t.stagedDbIndexes, true],
  ] as const) {
    for (const i of arr(list))
      out.push({
        name: name(i),
        type: "database",
        fields: strs(i.fields),
        ...(staged ? { staged } : {}),
      });
  }
  for (const [list, staged] of [
    [t.searchIndexes, false],
    [t.stagedSearchIndexes, true],
  ] as const) {
    for (const i of arr(list)) {
      out.push({
        name: name(i),
        type: "search",
        searchField: String(i.searchField),
        filterFields: strs(i.filterFields),
        ...(staged ? { staged } : {}),
      });
    }
  }
  for (const [list, staged] of [
    [t.vectorIndexes, false],
    [t.stagedVectorIndexes, true],
  ] as const) {
    for (const i of arr(list)) {
      out.push({
        name: name(i),
        type: "vector",
        vectorField: String(i.vectorField),
        dimensions: Number(i.dimensions),
        filterFields: strs(i.filterFields),
        ...(staged ? { staged } : {}),
      });
    }
  }
  return out;
}

export function schemaIndexes(schema: SchemaJson | null | undefined): DeveloperIndex[] {
  return (schema?.tables ?? []).flatMap(tableIndexes);
}

function definitionKey(i: DeveloperIndex): string {
  const { staged: _staged, ...rest } = i;
  return JSON.stringify(rest);
}

/** Index changes between the serving schema and a pushed one, plus a per-index prediction. */
export function diffIndexes(
  prev: SchemaJson | null | undefined,
  next: SchemaJson | null | undefined,
): { diff: IndexDiff; changes: { index: DeveloperIndex; change: IndexChange }[] } {
  const before = new Map(schemaIndexes(prev).map((i) => [i.name, i]));
  const diff: IndexDiff = {
    added_indexes: [],
    removed_indexes: [],
    enabled_indexes: [],
    disabled_indexes: [],
  };
  const changes: { index: DeveloperIndex; change: IndexChange }[] = [];
  for (const index of schemaIndexes(next)) {
    const old = before.get(index.name);
    before.delete(index.name);
    if (!old || definitionKey(old) !== definitionKey(index)) {
      if (old) {
        diff.removed_indexes.push(old);
        changes.push({ index: old, change: "dropped" });
      }
      diff.added_indexes.push(index);
      changes.push({ index, change: "added" });
    } else if (!!old.staged !== !!index.staged) {
      (index.staged ? diff.disabled_indexes : diff.enabled_indexes).push(index);
      changes.push({ index, change: index.staged ? "disabled" : "enabled" });
    } else {
      changes.push({ index, change: "identical" });
    }
  }
  for (const old of before.values()) {
    diff.removed_indexes.push(old);
    changes.push({ index: old, change: "dropped" });
  }
  return { diff, changes };
}

/** `componentSchemaEvaluations[""]` for `evaluate_schema` (deployApi/evaluateSchema.ts). */
export function schemaPrediction(
  prev: SchemaJson | null | undefined,
  next: SchemaJson | null | undefined,
  sizes: Record<string, { numDocs: number; sizeBytes: number }>,
) {
  const size = (table: string) => sizes[table] ?? { numDocs: 0, sizeBytes: 0 };
  const prevTables = new Map((prev?.tables ?? []).map((t) => [t.tableName, t]));
  const validating = next?.schemaValidation ?? false;
  const tables = (next?.tables ?? []).map((t) => {
    const old = prevTables.get(t.tableName);
    const same =
      !!prev?.schemaValidation &&
      old !== undefined &&
      JSON.stringify(old.documentType) === JSON.stringify(t.documentType);
    const trivial = t.documentType === null || t.documentType.type === "any";
    const outcome =
      !validating || trivial ? "notValidated" : same ? "supersetOfEnforced" : "mustWalk";
    return { name: t.tableName, outcome, ...size(t.tableName) };
  });
  const indexes = diffIndexes(prev, next).changes.map(({ index, change }) => {
    const numDocs = size(index.name.split(".")[0] ?? "").numDocs;
    return { ...index, change, needsBackfill: change === "added" && numDocs > 0, numDocs };
  });
  return {
    definitionPath: "",
    schemaValidation: validating,
    tables,
    indexes,
    discardedStagedValidators: [],
  };
}

/** Cron names added / changed / removed, from `Crons.crons` (server/cron.ts). */
export function diffCrons(prev: unknown, next: unknown) {
  const specs = (c: unknown): Record<string, unknown> =>
    c &&
    typeof c === "object" &&
    (c as { crons?: unknown }).crons &&
    typeof (c as { crons: unknown }).crons === "object"
      ? (c as { crons: Record<string, unknown> }).crons
      : {};
  const a = specs(prev);
  const b = specs(next);
  const added: string[] = [];
  const updated: string[] = [];
  const deleted: string[] = [];
  for (const [name, spec] of Object.entries(b)) {
    if (!(name in a)) added.push(name);
    else if (JSON.stringify(a[name]) !== JSON.stringify(spec)) updated.push(name);
  }
  for (const name of Object.keys(a)) if (!(name in b)) deleted.push(name);
  return { added, updated, deleted };
}

/** `[{path, method}]` from an `HttpRouter` (prefix routes end in `*`, as `getRoutes()` says). */
export function httpRoutesOf(router: unknown): { path: string; method: string }[] | null {
  const r = router as {
    getRoutes?: () => ReadonlyArray<readonly [string, string, unknown]>;
  } | null;
  if (!r || typeof r.getRoutes !== "function") return null;
  return r.getRoutes().map(([p, method]) => ({ path: p, method }));
}

/** `appAuth` entries (deployApi/types.ts `authInfo`). Providers missing required fields are left out. */
export function appAuthOf(set: ModuleSet): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const raw of set.authConfig?.providers ?? []) {
    if (!raw || typeof raw !== "object") continue;
    const p = raw as Record<string, unknown>;
    if (p.type === "customJwt") {
      if (typeof p.issuer === "string" && typeof p.jwks === "string") {
        out.push({
          ...p,
          applicationID: typeof p.applicationID === "string" ? p.applicationID : null,
          algorithm: typeof p.algorithm === "string" ? p.algorithm : "RS256",
        });
      }
    } else if (typeof p.domain === "string" && typeof p.applicationID === "string") {
      out.push({ ...p });
    }
  }
  return out;
}

/** `analysis[""]` for `start_push` (deployApi/componentDefinition.ts `evaluatedComponentDefinition`). */
export function componentAnalysis(set: ModuleSet, udfServerVersion: string) {
  const functions: Record<string, unknown> = {};
  const routes = httpRoutesOf(set.httpRouter);
  for (const [modulePath, exports] of moduleAnalysis(set)) {
    if (isDepsModule(modulePath)) continue;
    functions[modulePath] = {
      // The CLI's zod schema only accepts Query/Mutation/Action here.
      functions: exports
        .filter((f) => f.udfType !== "HttpAction")
        .map((f) => ({
          name: f.name,
          pos: null,
          udfType: f.udfType,
          visibility: f.visibility ? { kind: f.visibility } : null,
          args: f.args ? JSON.stringify(f.args) : null,
          returns: f.returns ? JSON.stringify(f.returns) : null,
        })),
      httpRoutes:
        modulePath === "http.js" && routes ? routes.map((route) => ({ route, pos: null })) : null,
      cronSpecs: modulePath === "crons.js" && set.crons ? cronSpecsOf(set.crons) : null,
      sourceMapped: null,
    };
  }
  return {
    definition: {
      path: "",
      definitionType: { type: "app" },
      childComponents: [],
      httpMounts: {},
      exports: { type: "branch", branch: [] },
    },
    schema: set.schema,
    functions,
    udfConfig: {
      serverVersion: udfServerVersion,
      importPhaseRngSeed: null,
      importPhaseUnixTimestamp: null,
    },
  };
}

function cronSpecsOf(crons: unknown): unknown {
  const c = crons as { export?: () => string; crons?: unknown };
  try {
    if (typeof c.export === "function") return JSON.parse(c.export());
  } catch {
    // fall through to the raw specs
  }
  return c.crons ?? null;
}

/** `app` for `start_push` (deployApi/checkedComponent.ts). */
export function checkedApp(set: ModuleSet) {
  return {
    definitionPath: "",
    componentPath: "",
    args: {},
    childComponents: {},
    httpRoutes: { httpModuleRoutes: httpRoutesOf(set.httpRouter), mounts: [] },
    exports: {},
  };
}

/** Module paths added / removed between two module sets. */
export function diffModules(prev: ModuleSet | null, next: ModuleSet) {
  const a = new Set((prev?.sources ?? []).map((s) => s.path));
  const b = new Set(next.sources.map((s) => s.path));
  return {
    added: [...b].filter((p) => !a.has(p)).sort(),
    removed: [...a].filter((p) => !b.has(p)).sort(),
  };
}
