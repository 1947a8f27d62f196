/**
 * Small HTTP helpers shared by every route: JSON bodies (with `Content-Encoding` br/gzip/deflate,
 * which the CLI uses for pushes), JSON responses, and an error type carrying status and code.
 * Error bodies are `{code, message}`, the shape the Convex CLI prints (convex@1.48
 * cli/lib/utils/utils.ts logAndHandleFetchError).
 */
import { timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { logError } from "../log.js";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/**
 * Marks the response `Connection: close` when the request body was not read to its end (a
 * refused upload or an oversized body): the unread bytes would otherwise be parsed as the next
 * request on this keep-alive connection, which then never gets an answer.
 */
/**
 * Throws unless the request carries `Authorization: Convex <adminKey>`: 403 `BadDeployKey` without
 * one (or with a user's token), 401 `BadAdminKey` for a wrong key (convex-cli-and-errors.md §0).
 */
export function requireAdminKey(req: http.IncomingMessage, adminKey: string): void {
  const match = /^Convex\s+(.+)$/.exec((req.headers.authorization ?? "").trim());
  if (match === null)
    throw new HttpError(
      403,
      "BadDeployKey",
      "The provided deploy key was invalid for this deployment. Check that the admin key is set.",
    );
  const got = Buffer.from(match[1]!);
  const want = Buffer.from(adminKey);
  if (got.length !== want.length || !timingSafeEqual(got, want))
    throw new HttpError(401, "BadAdminKey", "The provided admin key was invalid for this instance");
}

export function closeIfBodyUnread(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!req.complete && !res.headersSent) res.setHeader("Connection", "close");
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

const decoders: Record<
  string,
  (b: Buffer, o: zlib.ZlibOptions & zlib.BrotliOptions) => Promise<Buffer>
> = {
  br: promisify(zlib.brotliDecompress),
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
};

/** Reads the raw body, decompressing per `Content-Encoding`. Throws 413 past `maxBytes`. */
export async function readBody(
  req: http.IncomingMessage,
  maxBytes: number,
  what: string,
): Promise<Buffer> {
  const tooLarge = () =>
    new HttpError(
      413,
      "PayloadTooLarge",
      `${what} are too large: the request body exceeds ${maxBytes} bytes.`,
    );
  if (Number(req.headers["content-length"] ?? 0) > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const encoding = String(req.headers["content-encoding"] ?? "identity")
    .trim()
    .toLowerCase();
  if (encoding === "identity" || encoding === "") return raw;
  const decode = decoders[encoding];
  if (decode === undefined)
    throw new HttpError(415, "UnsupportedEncoding", `Unsupported Content-Encoding "${encoding}".`);
  try {
    return await decode(raw, { maxOutputLength: maxBytes });
  } catch (e) {
    throw new HttpError(
      400,
      "BadRequestBody",
      `Could not decode the ${encoding} request body: ${(e as Error).message}`,
    );
  }
}

/** Reads a JSON object body. Throws HttpError 400 for anything else. */
export async function readJsonBody(
  req: http.IncomingMessage,
  maxBytes: number,
  what: string,
): Promise<Record<string, unknown>> {
  const raw = await readBody(req, maxBytes, what);
  let parsed: unknown;
  try {
    parsed = raw.length === 0 ? {} : JSON.parse(raw.toString("utf8"));
  } catch (e) {
    throw new HttpError(400, "BadJsonBody", `Invalid JSON body: ${(e as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new HttpError(400, "BadJsonBody", "Invalid body: expected a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/**
 * CORS as the official backend does it: mirror the Origin, allow credentials, mirror requested
 * headers, allow the usual methods, cache preflights for a day (source: convex-backend
 * crates/local_backend/src/router.rs cors()). Returns true when it answered a preflight.
 */
export function applyCors(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
    res.setHeader("Vary", "Origin");
  }
  if (req.method !== "OPTIONS") return false;
  const requested = req.headers["access-control-request-headers"];
  res.setHeader(
    "Access-Control-Allow-Headers",
    requested ?? "content-type, authorization, convex-client",
  );
  res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS, PATCH, DELETE, PUT");
  res.setHeader("Access-Control-Max-Age", "86400");
  res.writeHead(204);
  res.end();
  return true;
}

/**
 * Answers a failed request: an HttpError (or any error with `status` and `code`) as its JSON
 * `{code, message}`, anything else as a logged 500 InternalServerError. A response already under
 * way is cut off instead.
 */
export function respondError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  e: unknown,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  closeIfBodyUnread(req, res);
  if (e instanceof HttpError || (e instanceof Error && "status" in e && "code" in e)) {
    const err = e as HttpError;
    sendJson(res, err.status, { code: err.code, message: err.message });
    return;
  }
  logError("internal error:", e);
  sendJson(res, 500, { code: "InternalServerError", message: (e as Error).message ?? String(e) });
}
