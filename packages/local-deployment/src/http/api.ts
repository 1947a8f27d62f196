/**
 * The function HTTP API used by `ConvexHttpClient` and `npx convex run`
 * (source: convex@1.48 browser/http_client.ts; convex-protocol.md §b):
 *
 * - `POST /api/query | /api/mutation | /api/action` `{path, format, args: [obj] | obj}`
 * - `POST /api/function` `{path, format, args: obj}` (any kind; used by `convex run`)
 * - `POST /api/run/<dir>/<module>/<function>` `{args, format?}` (default format `json`)
 * - `POST /api/query_ts` → `{ts}`; `POST /api/query_at_ts` `{path, args, ts}`
 *
 * A function's success or failure is HTTP 200 with `{status:"success", value, logLines}` or
 * `{status:"error", errorMessage, errorData?, logLines}` (`errorMessage` is `[Request ID: <id>] Server
 * Error\n<error text>`). Requests that are not function calls at
 * all (bad JSON, missing `path`) get a 400 with `{code, message}`; a bad admin key gets a 401.
 */
import type http from "node:http";
import type { JSONValue } from "convex/values";
import type { Caller, FunctionRunner, Outcome } from "../runtime/runner.js";
import { impersonatedIdentity, type UserIdentity } from "../runtime/identity.js";
import { decodeTs, encodeTs } from "../values/timestamp.js";
import { AuthenticationError } from "../auth/errors.js";
import { HttpError, readJsonBody, sendJson } from "./util.js";
import { clientErrorMessage } from "../runtime/outcome.js";

/** Official limit on function arguments (Convex docs "Limits": 16 MiB). */
export const MAX_ARGS_BYTES = 16 * 1024 * 1024;

export interface ApiServices {
  runner: FunctionRunner;
  adminKey: string;
  latestTs(): bigint;
  /** Verifies a user JWT; throws with the reason the client sees. */
  verifyToken(token: string): Promise<UserIdentity>;
}

/**
 * Parses `Authorization` into a caller: `Bearer <JWT>` for users (verified), `Convex
 * <key>[:<b64 identity>]` for admins, nothing for anonymous callers. Throws HttpError 401.
 */
export async function callerOf(
  req: http.IncomingMessage,
  services: Pick<ApiServices, "adminKey" | "verifyToken">,
): Promise<Caller> {
  const adminKey = services.adminKey;
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === "") return { identity: null, isAdmin: false };
  const admin = /^Convex\s+(.+)$/.exec(header.trim());
  if (admin !== null) {
    const value = admin[1]!;
    const colon = value.lastIndexOf(":");
    const key = colon > 0 && value.slice(0, colon) === adminKey ? adminKey : value;
    if (key !== adminKey)
      throw new HttpError(
        401,
        "BadAdminKey",
        "The provided admin key is invalid for this deployment.",
      );
    let identity: UserIdentity | null = null;
    if (colon > 0 && value.slice(0, colon) === adminKey) {
      try {
        identity = impersonatedIdentity(
          JSON.parse(Buffer.from(value.slice(colon + 1), "base64").toString("utf8")),
        );
      } catch {
        throw new HttpError(
          400,
          "BadRequest",
          "Could not decode the impersonated identity in the Authorization header.",
        );
      }
    }
    return { identity, isAdmin: true };
  }
  const bearer = /^bearer\s+(.+)$/i.exec(header.trim());
  if (bearer !== null) {
    try {
      return { identity: await services.verifyToken(bearer[1]!.trim()), isAdmin: false };
    } catch (e) {
      // Convex's code for why (InvalidAuthHeader, NoAuthProvider, Unauthenticated, …): 401, and
      // 400 for a provider whose discovery failed (convex-cli-and-errors.md §10).
      const code = e instanceof AuthenticationError ? e.code : "Unauthenticated";
      throw new HttpError(
        code === "AuthProviderDiscoveryFailed" ? 400 : 401,
        code,
        (e as Error).message,
      );
    }
  }
  throw new HttpError(
    401,
    "Unauthenticated",
    "Unrecognized Authorization header: expected `Bearer <JWT>` or `Convex <admin key>`.",
  );
}

type Kind = "query" | "mutation" | "action" | "any";

/** Handles `/api/...` function routes. Resolves false for paths it does not own. */
export async function handleFunctionApi(
  services: ApiServices,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  url: URL,
): Promise<boolean> {
  const path = url.pathname;
  if (req.method !== "POST") return false;
  if (path === "/api/query_ts") {
    sendJson(res, 200, { ts: encodeTs(services.latestTs()) });
    return true;
  }
  let kind: Kind;
  let runPath: string | null = null;
  if (path === "/api/query" || path === "/api/query_at_ts") kind = "query";
  else if (path === "/api/mutation") kind = "mutation";
  else if (path === "/api/action") kind = "action";
  else if (path === "/api/function") kind = "any";
  else if (path.startsWith("/api/run/")) {
    kind = "any";
    const parts = path
      .slice("/api/run/".length)
      .split("/")
      .filter((p) => p !== "");
    if (parts.length < 2)
      throw new HttpError(
        400,
        "BadRequest",
        `Expected /api/run/<module path>/<function>, got ${path}`,
      );
    runPath = `${parts.slice(0, -1).join("/")}:${parts[parts.length - 1]}`;
  } else return false;

  const caller = await callerOf(req, services);
  const body = await readJsonBody(req, MAX_ARGS_BYTES, "Function arguments");
  const udfPath = runPath ?? body.path;
  if (typeof udfPath !== "string")
    throw new HttpError(400, "BadRequest", "Request body must have a string `path`.");
  const format = body.format ?? (runPath !== null ? "json" : "convex_encoded_json");
  if (!["json", "convex_encoded_json", "convex_json"].includes(format as string)) {
    throw new HttpError(
      400,
      "BadRequest",
      `Unsupported format ${JSON.stringify(format)}: expected "json" or "convex_encoded_json".`,
    );
  }
  const args = normalizeArgs(body.args);
  const outcome = await run(
    services,
    kind,
    udfPath,
    args,
    caller,
    path === "/api/query_at_ts" ? body.ts : undefined,
  );
  sendJson(res, 200, outcomeBody(outcome, format === "json"));
  return true;
}

function normalizeArgs(args: unknown): JSONValue {
  if (args === undefined || args === null) return {};
  if (Array.isArray(args)) {
    if (args.length > 1)
      throw new HttpError(
        400,
        "BadRequest",
        "`args` must be an object or a one-element array holding an object.",
      );
    return (args[0] ?? {}) as JSONValue;
  }
  if (typeof args !== "object") throw new HttpError(400, "BadRequest", "`args` must be an object.");
  return args as JSONValue;
}

async function run(
  services: ApiServices,
  kind: Kind,
  udfPath: string,
  args: JSONValue,
  caller: Caller,
  ts: unknown,
): Promise<Outcome> {
  const runner = services.runner;
  if (kind === "query" || (kind === "any" && runner.kindOf(udfPath, caller) === "query")) {
    let snapshot: bigint | undefined;
    if (ts !== undefined) {
      try {
        snapshot = decodeTs(ts as string);
      } catch (e) {
        throw new HttpError(400, "BadRequest", `Invalid ts: ${(e as Error).message}`);
      }
    }
    return (
      await runner.runQuery(udfPath, args, caller, snapshot === undefined ? {} : { snapshot })
    ).outcome;
  }
  if (kind === "mutation" || (kind === "any" && runner.kindOf(udfPath, caller) === "mutation")) {
    return (await runner.runMutation(udfPath, args, caller)).outcome;
  }
  return runner.runAction(udfPath, args, caller);
}

function outcomeBody(outcome: Outcome, clean: boolean): Record<string, unknown> {
  const logLines = outcome.logLines.length > 0 ? { logLines: outcome.logLines } : {};
  if (outcome.ok)
    return {
      status: "success",
      value: clean ? toCleanJson(outcome.value) : outcome.value,
      ...logLines,
    };
  return {
    status: "error",
    errorMessage: clientErrorMessage(outcome.message),
    ...(outcome.data === undefined
      ? {}
      : { errorData: clean ? toCleanJson(outcome.data) : outcome.data }),
    ...logLines,
  };
}

/**
 * Convex-encoded JSON → "clean" JSON: int64 as a decimal string, bytes as base64, special floats
 * as strings (source: convex-backend crates/value/src/export.rs export_clean).
 */
export function toCleanJson(value: JSONValue): JSONValue {
  if (Array.isArray(value)) return value.map(toCleanJson);
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const tag = keys[0]!;
    const inner = (value as Record<string, JSONValue>)[tag];
    if (tag === "$integer")
      return Buffer.from(inner as string, "base64")
        .readBigInt64LE()
        .toString();
    if (tag === "$float") return String(Buffer.from(inner as string, "base64").readDoubleLE());
    if (tag === "$bytes") return inner as string;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toCleanJson(v)]));
}
