/**
 * Fetching and caching of OpenID discovery documents and JSON Web Key Sets.
 *
 * One cache entry per URL (or per issuer for discovery), kept `maxAgeMs`; concurrent loads of the
 * same key share one request. `refresh` reloads an entry only if it was fetched at least
 * `cooldownMs` ago: the verifier uses it, with a one-minute cooldown, when a token names a key the
 * cached set lacks (key rotation), so unknown `kid`s cannot make it hammer the provider.
 */
import { STATUS_CODES } from "node:http";
import { createLocalJWKSet, importJWK } from "jose";
import type { CryptoKey, JSONWebKeySet, JWK, LocalJWKSet } from "jose";
import { AUTH_MESSAGES } from "./errors.js";
import { errorText, fail } from "./token.js";

export interface CacheEntry<T> {
  value: T;
  fetchedAt: number;
}

export class TimedCache<T> {
  private readonly entries = new Map<string, CacheEntry<T>>();
  private readonly pending = new Map<string, Promise<CacheEntry<T>>>();

  constructor(
    private readonly now: () => number,
    private readonly maxAgeMs: number,
  ) {}

  /** The cached entry if younger than `maxAgeMs`, otherwise a fresh load. */
  get(key: string, load: () => Promise<T>): Promise<CacheEntry<T>> {
    const hit = this.entries.get(key);
    if (hit !== undefined && this.now() - hit.fetchedAt < this.maxAgeMs)
      return Promise.resolve(hit);
    return this.load(key, load);
  }

  /** Reloads unless the entry was fetched less than `cooldownMs` ago (then resolves to null). */
  async refresh(
    key: string,
    load: () => Promise<T>,
    cooldownMs: number,
  ): Promise<CacheEntry<T> | null> {
    const inflight = this.pending.get(key);
    if (inflight !== undefined) return inflight;
    const hit = this.entries.get(key);
    if (hit !== undefined && this.now() - hit.fetchedAt < cooldownMs) return null;
    return this.load(key, load);
  }

  clear(): void {
    this.entries.clear();
  }

  private load(key: string, load: () => Promise<T>): Promise<CacheEntry<T>> {
    const inflight = this.pending.get(key);
    if (inflight !== undefined) return inflight;
    const promise = (async () => {
      const value = await load();
      const entry = { value, fetchedAt: this.now() };
      this.entries.set(key, entry);
      return entry;
    })();
    this.pending.set(key, promise);
    const done = () => {
      if (this.pending.get(key) === promise) this.pending.delete(key);
    };
    promise.then(done, done);
    return promise;
  }
}

export interface HttpResult {
  status: number;
  contentType: string | null;
  body: string;
}

/** GET `url` asking for JSON; the body is read as text. Network errors propagate. */
export async function httpGetJson(
  fetchImpl: typeof fetch,
  url: string,
  timeoutMs: number,
): Promise<HttpResult> {
  const res = await fetchImpl(url, {
    method: "GET",
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type"), body };
}

/** The `http` crate's StatusCode display: `404 Not Found`. */
export function statusLine(status: number, unknown = "<unknown status code>"): string {
  return `${status} ${STATUS_CODES[status] ?? unknown}`;
}

const JWKS_MEDIA_TYPES = ["application/json", "application/jwk-set+json"];

/** Official fetch_jwks rule: JSON media type, charset absent or utf-8. */
export function isJwksContentType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const [essence, ...params] = contentType.split(";");
  if (!JWKS_MEDIA_TYPES.includes((essence ?? "").trim().toLowerCase())) return false;
  for (const param of params) {
    const eq = param.indexOf("=");
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== "charset") continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (value.toLowerCase() !== "utf-8") return false;
  }
  return true;
}

function percentDecode(s: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      for (const b of Buffer.from(s[i] ?? "", "utf8")) bytes.push(b);
    }
  }
  return Buffer.from(bytes);
}

/**
 * Decodes a `data:` URL (RFC 2397; base64 or percent-encoded). Returns null when `url` is not a
 * data URL, throws when it is a malformed one. The media type is not checked (as upstream).
 */
export function decodeDataUrl(url: string): string | null {
  if (!/^data:/i.test(url.trimStart())) return null;
  const trimmed = url.trim();
  const comma = trimmed.indexOf(",");
  if (comma < 0) throw new Error("data URL has no comma");
  const meta = trimmed.slice(5, comma);
  const raw = percentDecode(trimmed.slice(comma + 1));
  if (!/;\s*base64\s*$/i.test(meta)) return raw.toString("utf8");
  const b64 = raw.toString("latin1").replace(/[\s]/g, "");
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(b64)) throw new Error("data URL has invalid base64");
  return Buffer.from(b64, "base64").toString("utf8");
}

/** Parses a JWKS document; null when it is not JSON of the form `{keys: [objects]}`. */
export function parseJwks(body: string): JSONWebKeySet | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const keys = (parsed as { keys?: unknown }).keys;
  if (!Array.isArray(keys)) return null;
  if (!keys.every((k) => typeof k === "object" && k !== null && !Array.isArray(k))) return null;
  return { keys } as JSONWebKeySet;
}

/** A parsed key set with its jose resolver and a cache of imported keys. */
export interface KeySet {
  jwks: JSONWebKeySet;
  resolver: LocalJWKSet;
  imported: Map<string, Promise<CryptoKey>>;
}

export function keySet(jwks: JSONWebKeySet): KeySet {
  return { jwks, resolver: createLocalJWKSet(jwks), imported: new Map() };
}

export async function importKey(keys: KeySet, jwk: JWK, algorithm: string): Promise<CryptoKey> {
  const cacheKey = `${algorithm}:${jwk.kid ?? ""}`;
  let key = keys.imported.get(cacheKey);
  if (key === undefined) {
    key = importJWK({ ...jwk, alg: algorithm }, algorithm) as Promise<CryptoKey>;
    keys.imported.set(cacheKey, key);
    key.catch(() => keys.imported.delete(cacheKey));
  }
  return key;
}

/** Loads a customJwt key set from a `data:` URL or a URL (official fetch_jwks rules and messages). */
export async function loadCustomKeySet(
  fetchImpl: typeof fetch,
  timeoutMs: number,
  jwksUri: string,
): Promise<KeySet> {
  const invalid = (message: string, detail?: string) => fail("InvalidAuthHeader", message, detail);
  let body: string;
  let data: string | null;
  try {
    data = decodeDataUrl(jwksUri);
  } catch (e) {
    throw invalid(AUTH_MESSAGES.invalidDataUrl, errorText(e));
  }
  if (data !== null) {
    body = data;
  } else {
    const retry = "Check that the URL is correct and accessible.";
    let res;
    try {
      res = await httpGetJson(fetchImpl, jwksUri, timeoutMs);
    } catch (e) {
      throw invalid(`Could not fetch JWKS from URL '${jwksUri}': ${errorText(e)}. ${retry}`);
    }
    if (res.status !== 200) {
      throw invalid(
        `Could not fetch JWKS from URL '${jwksUri}': HTTP ${statusLine(res.status, "Unknown")}. ${retry}`,
      );
    }
    if (!isJwksContentType(res.contentType)) {
      throw invalid(
        `Invalid Content-Type '${res.contentType ?? "unknown"}' when fetching JWKS from '${jwksUri}'. Expected 'application/json' or 'application/jwk-set+json'.`,
      );
    }
    body = res.body;
  }
  const jwks = parseJwks(body);
  if (jwks === null) {
    throw invalid(
      `Invalid JWKS response body from '${jwksUri}'. The response is not valid JSON or doesn't match the expected JWKS format.`,
    );
  }
  return keySet(jwks);
}
