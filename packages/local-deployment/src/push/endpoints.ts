/**
 * The deployment endpoints the official `convex` CLI (1.48) calls for `dev`, `deploy`, `codegen`
 * and `env set` against `CONVEX_SELF_HOSTED_URL`. Request/response shapes:
 * convex@1.48 src/cli/lib/deployApi/*.ts, deploy2.ts, components.ts, config.ts, env.ts, logs.ts.
 * Errors are `{code, message}` JSON, which the CLI prints as `<status>: <code>: <message>`
 * (cli/lib/utils/utils.ts `ThrowingFetchError`).
 */
import { timingSafeEqual } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { BoundedMap } from "../bounded-map.js";
import { respondError, sendJson, sendText } from "../http/util.js";
import type http from "node:http";
import os from "node:os";
import path from "node:path";
import { loadSchemaModule } from "./load.js";
import {
  assembleModules,
  bad,
  bool,
  type Json,
  list,
  obj,
  parsePushRequest,
  PushHttpError,
  readJsonBody,
  str,
} from "./request.js";
import type { ModuleSet, ModuleSource } from "../runtime/modules.js";
import type { PushTarget, StagedPush } from "./types.js";
import type { SchemaJson } from "../engine/schema-json.js";
import {
  appAuthOf,
  checkedApp,
  componentAnalysis,
  diffCrons,
  diffIndexes,
  diffModules,
  schemaPrediction,
} from "./wire.js";
import { DependencyError } from "./node-dependencies.js";

export interface PushHandlerOptions {
  /** How long `GET /api/stream_function_logs` holds a poll that has nothing to report. Default 5000 ms. */
  logPollMs?: number;
  /** Largest accepted request body after decompression. Default 256 MiB. */
  maxBodyBytes?: number;
  /** Where `evaluate_schema` evaluates a pushed schema module. Default `os.tmpdir()`. */
  scratchDir?: string;
  /** Body of `GET /instance_version`. */
  version?: string;
}

/** Field on the `start_push` response (and its `schemaChange`) that carries the staged push id. */
export const PUSH_ID_FIELD = "localPushId";

export { PushHttpError } from "./request.js";

const MAX_STAGED = 8;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Req = http.IncomingMessage;
type Res = http.ServerResponse;

interface StagedEntry {
  staged: StagedPush;
  functions: string;
  udfServerVersion: string;
  dryRun: boolean;
}

// ---- the handler ------------------------------------------------------------------------------

/**
 * Returns a request handler for the CLI push endpoints. It resolves `false` (and writes nothing)
 * for any path it does not own, so it can sit in front of the other HTTP routes.
 */
export function createPushHandler(
  target: PushTarget,
  options: PushHandlerOptions = {},
): (req: Req, res: Res, url: URL) => Promise<boolean> {
  const logPollMs = options.logPollMs ?? 5000;
  const maxBodyBytes = options.maxBodyBytes ?? 256 * 1024 * 1024;
  // The oldest staged push goes past MAX_STAGED: a CLI that never finished its push.
  const staged = new BoundedMap<string, StagedEntry>(MAX_STAGED, (oldest) =>
    target.discard?.(oldest),
  );
  let functionsDir = "convex/";
  let udfServerVersion: string | null = null;

  function checkAuth(req: Req, body?: Json): void {
    const header = req.headers.authorization;
    const keys: string[] = [];
    if (typeof header === "string") {
      const m = /^Convex\s+(.+)$/.exec(header.trim());
      if (!m) {
        throw new PushHttpError(
          401,
          "BadAdminKey",
          "Expected an `Authorization: Convex <admin key>` header",
        );
      }
      keys.push(m[1]!);
    }
    if (body && typeof body.adminKey === "string") keys.push(body.adminKey);
    if (keys.length === 0) {
      throw new PushHttpError(
        401,
        "MissingAdminKey",
        "This endpoint requires an admin key (`Authorization: Convex <admin key>`)",
      );
    }
    const want = Buffer.from(target.adminKey);
    for (const key of keys) {
      const got = Buffer.from(key);
      if (got.length !== want.length || !timingSafeEqual(got, want)) {
        throw new PushHttpError(
          401,
          "BadAdminKey",
          "The provided admin key was invalid for this instance",
        );
      }
    }
  }

  async function authedBody(req: Req, where: string): Promise<Json> {
    if (req.headers.authorization !== undefined) checkAuth(req); // fail fast before reading a big body
    const body = await readJsonBody(req, where, maxBodyBytes);
    checkAuth(req, body);
    return body;
  }

  async function evaluateSchemaModule(schema: ModuleSource | null): Promise<SchemaJson | null> {
    if (!schema) return null;
    const scratch = options.scratchDir ?? os.tmpdir();
    await mkdir(scratch, { recursive: true });
    const dir = await mkdtemp(path.join(scratch, "convex-schema-"));
    try {
      return await loadSchemaModule(dir, schema);
    } catch (e) {
      throw bad((e as Error).message, "InvalidSchema");
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => {});
    }
  }

  function stagedFor(id: unknown): [string, StagedEntry] {
    const entry = typeof id === "string" ? staged.get(id) : undefined;
    if (typeof id !== "string" || !entry) {
      throw bad(
        "This push was not started on this deployment or has expired (the deployment may have restarted). Run the command again.",
        "UnknownPush",
      );
    }
    return [id, entry];
  }

  const routes: Record<string, (req: Req, res: Res, url: URL) => Promise<void>> = {
    "GET /instance_name": async (_req, res) => sendText(res, 200, target.instanceName),
    "GET /instance_version": async (_req, res) => sendText(res, 200, options.version ?? "unknown"),

    "GET /api/v1/get_canonical_urls": async (req, res) => {
      checkAuth(req);
      sendJson(res, 200, { convexCloudUrl: target.cloudUrl, convexSiteUrl: target.siteUrl });
    },

    "POST /api/get_config_hashes": async (req, res) => {
      await authedBody(req, "/api/get_config_hashes");
      sendJson(res, 200, {
        config: {
          functions: functionsDir,
          authInfo: appAuthOf(target.activeModules() ?? emptySet()),
        },
        moduleHashes: target.activeModuleHashes(),
        nodeDependencies: [],
        udfServerVersion,
      });
    },

    "POST /api/deploy2/evaluate_schema": async (req, res) => {
      const push = parsePushRequest(
        await authedBody(req, "evaluate_schema"),
        "evaluate_schema request",
      );
      const next = await evaluateSchemaModule(push.schema);
      const prev = target.activeModules()?.schema ?? null;
      sendJson(res, 200, {
        componentSchemaEvaluations: {
          "": schemaPrediction(prev, next, target.tableSizes?.() ?? {}),
        },
        newComponentDefinitions: [],
      });
    },

    "POST /api/deploy2/evaluate_push": async (req, res) => {
      const push = parsePushRequest(
        await authedBody(req, "evaluate_push"),
        "evaluate_push request",
      );
      const next = await evaluateSchemaModule(push.schema);
      const { diff } = diffIndexes(target.activeModules()?.schema ?? null, next);
      sendJson(res, 200, {
        schemaChange: { allocatedComponentIds: null, schemaIds: null, indexDiffs: { "": diff } },
      });
    },

    "POST /api/deploy2/start_push": async (req, res) => {
      const push = parsePushRequest(await authedBody(req, "start_push"), "start_push request");
      const active = target.activeModules();
      const modules = assembleModules(push, active);
      let stagedPush: StagedPush;
      try {
        stagedPush = await target.stage(modules, push.schema, push.nodeDependencies);
      } catch (e) {
        if (e instanceof DependencyError) throw bad(e.message, "NodeDependenciesInstallFailed");
        throw bad((e as Error).message || String(e), "InvalidModules");
      }
      staged.set(stagedPush.id, {
        staged: stagedPush,
        functions: push.functions,
        udfServerVersion: push.udfServerVersion,
        dryRun: push.dryRun,
      });
      const set = stagedPush.modules;
      const { diff } = diffIndexes(active?.schema ?? null, set.schema);
      sendJson(res, 200, {
        environmentVariables: target.environmentVariables(),
        externalDepsId: null,
        componentDefinitionPackages: {},
        appAuth: appAuthOf(set),
        analysis: { "": componentAnalysis(set, push.udfServerVersion) },
        app: checkedApp(set),
        schemaChange: {
          allocatedComponentIds: null,
          schemaIds: null,
          indexDiffs: { "": diff },
          [PUSH_ID_FIELD]: stagedPush.id,
        },
        [PUSH_ID_FIELD]: stagedPush.id,
      });
    },

    "POST /api/deploy2/wait_for_schema": async (req, res) => {
      const body = await authedBody(req, "wait_for_schema");
      const schemaChange = obj(body, "schemaChange", "wait_for_schema request");
      const [id] = stagedFor(schemaChange[PUSH_ID_FIELD]);
      const status = target.schemaStatus(id);
      if (status.type === "failed") {
        sendJson(res, 200, {
          type: "failed",
          error: status.error,
          componentPath: "",
          tableName: status.tableName,
        });
      } else {
        sendJson(res, 200, { type: "complete" });
      }
    },

    "POST /api/deploy2/finish_push": async (req, res) => {
      const body = await authedBody(req, "finish_push");
      const startPush = obj(body, "startPush", "finish_push request");
      const dryRun = bool(body, "dryRun", "finish_push request", false);
      const schemaChange = (startPush.schemaChange ?? {}) as Json;
      const [id, entry] = stagedFor(startPush[PUSH_ID_FIELD] ?? schemaChange[PUSH_ID_FIELD]);
      const prev = target.activeModules();
      const next = entry.staged.modules;
      const prevSchema = prev?.schema ? JSON.stringify(prev.schema) : null;
      const nextSchema = next.schema ? JSON.stringify(next.schema) : null;
      const diff = {
        authDiff: authDiff(prev, next),
        definitionDiffs: {},
        componentDiffs: {
          "": {
            diffType: { type: "modify" },
            moduleDiff: diffModules(prev, next),
            udfConfigDiff:
              udfServerVersion !== null && udfServerVersion !== entry.udfServerVersion
                ? { previous_version: udfServerVersion, next_version: entry.udfServerVersion }
                : null,
            cronDiff: diffCrons(prev?.crons ?? null, next.crons),
            indexDiff: diffIndexes(prev?.schema ?? null, next.schema).diff,
            schemaDiff:
              prevSchema === nextSchema
                ? null
                : { previous_schema: prevSchema, next_schema: nextSchema },
          },
        },
      };
      staged.delete(id);
      if (dryRun || entry.dryRun) {
        target.discard?.(id);
      } else {
        try {
          await target.activate(id);
        } catch (e) {
          target.discard?.(id);
          const code = (e as { code?: unknown }).code;
          throw bad(
            (e as Error).message || String(e),
            typeof code === "string" && /^[A-Za-z]+$/.test(code) ? code : "PushFailed",
          );
        }
        functionsDir = entry.functions;
        udfServerVersion = entry.udfServerVersion;
      }
      sendJson(res, 200, diff);
    },

    "POST /api/deploy2/report_push_completed": async (req, res) => {
      await authedBody(req, "report_push_completed");
      sendJson(res, 200, {});
    },

    "GET /api/stream_function_logs": async (req, res, url) => {
      checkAuth(req);
      const cursor = Number(url.searchParams.get("cursor") ?? "0");
      if (!Number.isFinite(cursor) || cursor < 0)
        throw bad("`cursor` must be a non-negative number of milliseconds");
      const abort = new AbortController();
      res.on("close", () => abort.abort());
      let result: { entries: unknown[]; newCursor: number };
      if (target.functionLogs) {
        result = await target.functionLogs(cursor, logPollMs, abort.signal);
      } else {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, logPollMs);
          abort.signal.addEventListener("abort", () => {
            clearTimeout(timer);
            resolve();
          });
        });
        result = { entries: [], newCursor: Math.max(cursor, Date.now()) };
      }
      if (!res.writableEnded && !res.destroyed) sendJson(res, 200, result);
    },

    "POST /api/update_environment_variables": async (req, res) => {
      const body = await authedBody(req, "update_environment_variables");
      const changes = list(body, "changes", "update_environment_variables request").map((c, i) => {
        const at = `changes[${i}]`;
        const change = (c ?? {}) as Json;
        const name = str(change, "name", at);
        if (!ENV_NAME.test(name) || name.length > 40) {
          throw bad(
            `Invalid environment variable name ${JSON.stringify(name)}: use at most 40 letters, digits and underscores, not starting with a digit`,
            "InvalidEnvironmentVariableName",
          );
        }
        const value = change.value;
        if (value !== null && typeof value !== "string")
          throw bad(`Invalid ${at}: \`value\` must be a string or null`);
        if (typeof value === "string" && Buffer.byteLength(value) > 8192) {
          throw bad(
            `Environment variable ${name} is too long (maximum 8 KiB)`,
            "InvalidEnvironmentVariableValue",
          );
        }
        return { name, value };
      });
      target.updateEnvironmentVariables(changes);
      sendJson(res, 200, {});
    },
  };
  const ownedPaths = new Set(Object.keys(routes).map((k) => k.slice(k.indexOf(" ") + 1)));

  return async (req, res, url) => {
    const route = routes[`${req.method ?? "GET"} ${url.pathname}`];
    if (!route) {
      if (!ownedPaths.has(url.pathname)) return false;
      sendJson(res, 405, {
        code: "MethodNotAllowed",
        message: `${req.method} is not allowed on ${url.pathname}`,
      });
      return true;
    }
    try {
      await route(req, res, url);
    } catch (e) {
      respondError(req, res, e);
    }
    return true;
  };
}

function emptySet(): ModuleSet {
  return {
    functions: new Map(),
    httpRouter: null,
    crons: null,
    schema: null,
    hashes: [],
    sources: [],
  };
}

function authDiff(prev: ModuleSet | null, next: ModuleSet) {
  const key = (p: Record<string, unknown>) => JSON.stringify(p);
  const a = new Set(appAuthOf(prev ?? emptySet()).map(key));
  const b = new Set(appAuthOf(next).map(key));
  return { added: [...b].filter((k) => !a.has(k)), removed: [...a].filter((k) => !b.has(k)) };
}
