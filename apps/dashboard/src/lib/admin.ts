/**
 * The dashboard's connection to the deployment it is served by: a `ConvexClient` with admin
 * auth (system functions `_system/frontend/*` and `_system/cli/*`, packages/local-deployment
 * src/runtime/dashboard-functions.ts) and admin-key `fetch` for the HTTP endpoints (`convex
 * logs`' `/api/stream_function_logs`, `/api/update_environment_variables`, `/api/local/health`).
 *
 * The admin key arrives in the link's fragment (`/dashboard/#key=…`, never sent to a server),
 * is kept in sessionStorage for the tab, and is removed from the address bar.
 */
import { ConvexClient } from "convex/browser";
import { getContext, setContext } from "svelte";
import { makeFunctionReference } from "convex/server";
import type { UserIdentityAttributes } from "convex/server";

const KEY_STORAGE = "rooms-dashboard-admin-key";

/** The deployment the dashboard is served by (its origin). */
export const deploymentUrl = location.origin;

/** The admin key from `#key=…` (then stored and removed from the URL) or from this tab's storage. */
export function takeAdminKey(): string | null {
  const match = /^#key=([^&]+)/.exec(location.hash);
  if (match !== null) {
    const key = decodeURIComponent(match[1]!);
    sessionStorage.setItem(KEY_STORAGE, key);
    history.replaceState(null, "", `${location.pathname}#/health`);
    return key;
  }
  return sessionStorage.getItem(KEY_STORAGE);
}

export function forgetAdminKey(): void {
  sessionStorage.removeItem(KEY_STORAGE);
}

/** An HTTP error from the deployment, with Convex's `code` when the body had one. */
export class DeploymentError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type FunctionKind = "query" | "mutation" | "action";

/**
 * Authenticates `client` with the admin key, optionally acting as `identity`. `setAdminAuth` is
 * marked internal in convex@1.48's types (convex/src/browser/simple_client.ts), but it is what
 * Convex's own dashboard uses: the sync protocol's `Authenticate {tokenType: "Admin",
 * impersonating}`.
 */
function setAdminAuth(client: ConvexClient, key: string, identity?: UserIdentityAttributes): void {
  (
    client as unknown as { setAdminAuth(key: string, identity?: UserIdentityAttributes): void }
  ).setAdminAuth(key, identity);
}

export class Admin {
  readonly client: ConvexClient;

  constructor(readonly key: string) {
    this.client = new ConvexClient(deploymentUrl);
    setAdminAuth(this.client, key);
  }

  /** Checks the key against the deployment; throws DeploymentError when it is refused. */
  async verify(): Promise<void> {
    await this.fetchJson("/api/local/health");
  }

  /** `fetch` of a deployment endpoint with the admin key; JSON in and out. */
  async fetchJson<T>(path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const res = await fetch(path, {
      method: body === undefined ? "GET" : "POST",
      headers: {
        Authorization: `Convex ${this.key}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = text === "" ? null : JSON.parse(text);
    } catch {
      // A plain-text answer: its text is the message.
    }
    if (!res.ok) {
      const error = (json ?? {}) as { code?: string; message?: string };
      throw new DeploymentError(res.status, error.code ?? "Error", error.message ?? text);
    }
    return json as T;
  }

  /** Runs `name` once, as admin or as `identity` (a fresh client with that identity). */
  async run(
    kind: FunctionKind,
    name: string,
    args: Record<string, unknown>,
    identity?: UserIdentityAttributes,
  ): Promise<unknown> {
    const client = identity === undefined ? this.client : new ConvexClient(deploymentUrl);
    if (identity !== undefined) setAdminAuth(client, this.key, identity);
    try {
      const ref = makeFunctionReference<typeof kind>(name) as never;
      if (kind === "query") return await client.query(ref, args as never);
      if (kind === "mutation") return await client.mutation(ref, args as never);
      return await client.action(ref, args as never);
    } finally {
      if (client !== this.client) await client.close();
    }
  }

  /** Runs a system mutation (`_system/frontend/…`) as admin. */
  mutate(name: string, args: Record<string, unknown>): Promise<unknown> {
    return this.client.mutation(makeFunctionReference<"mutation">(name) as never, args as never);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

const ADMIN = Symbol("admin");

/** Gives the pages below the calling component the signed-in connection `current()`. */
export function provideAdmin(current: () => Admin | null): void {
  setContext(ADMIN, current);
}

/** The signed-in connection (App provides it; pages render only when signed in). */
export function useAdmin(): Admin {
  const admin = getContext<(() => Admin | null) | undefined>(ADMIN)?.();
  if (admin === undefined || admin === null)
    throw new Error("useAdmin() outside the signed-in dashboard");
  return admin;
}
