/**
 * A running local deployment: storage, function runner, sync sessions, the HTTP API on the
 * deployment port, and the site port. Implements the PushTarget the CLI endpoints drive.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { JSONValue } from "convex/values";
import { Database } from "./engine/database.js";
import type { WriteKeys } from "./engine/read-set.js";
import type { Transaction } from "./engine/transaction.js";
import { applySchema } from "./push/schema.js";
import { handleFunctionApi } from "./http/api.js";
import { serveHttpAction } from "./http/site.js";
import { handleStorage } from "./http/storage.js";
import { FileStore } from "./files/file-store.js";
import { logError } from "./log.js";
import { applyCors, requireAdminKey, respondError, sendJson, sendText } from "./http/util.js";
import { handleSnapshotExport, type ExportServices } from "./http/snapshot-export.js";
import { handleDashboard, HEALTH_WINDOW_MS, type DashboardServices } from "./http/dashboard.js";
import {
  handleSnapshotImport,
  newPendingImports,
  type ImportServices,
} from "./http/snapshot-import.js";
import { createPushHandler } from "./push/endpoints.js";
import { ModuleStore } from "./push/module-store.js";
import type { NodeDependency } from "./push/node-dependencies.js";
import type { ModuleSet, ModuleSource } from "./runtime/modules.js";
import type { PushTarget, StagedPush } from "./push/types.js";
import { FunctionRunner, type Caller, type QueryRun } from "./runtime/runner.js";
import { cliSystemQuery } from "./runtime/system-queries.js";
import { ExecutionLog } from "./runtime/execution-log.js";
import {
  dashboardMutation,
  dashboardQuery,
  type DashboardContext,
} from "./runtime/dashboard-functions.js";
import type { UserIdentity } from "./runtime/identity.js";
import { AuthenticationError, parseAuthConfig, TokenVerifier } from "./auth/verifier.js";
import { EnvironmentVariables } from "./environment-variables.js";
import { Persistence } from "./storage/persistence.js";
import { Scheduler, type CronSpecs } from "./scheduler/scheduler.js";
import { DEFAULT_SYNC_LIMITS, type SyncLimits } from "./sync/limits.js";
import { SyncServer } from "./sync/sync-server.js";
import { QueryResultCache, type QueryCacheKey } from "./runtime/query-cache.js";

export interface LocalDeploymentOptions {
  /** Deployment (cloud) port. Default 3210, as the Convex CLI picks for local backends. 0 = any free port. */
  port?: number;
  /** Site port for HTTP actions. Default 3211. 0 = any free port. */
  sitePort?: number;
  /** Where SQLite, pushed modules and files live. Default `.convex-local`. */
  dataDir?: string;
  /** Admin key; default: generated once per data dir and kept there. */
  adminKey?: string;
  /** Instance name reported at `/instance_name`. Default `rooms-local`. */
  instanceName?: string;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Per-socket heartbeat and send-buffer limits (default DEFAULT_SYNC_LIMITS). */
  sync?: Partial<SyncLimits>;
  /**
   * Longest an action (or HTTP action) may run, in seconds, before it fails with Convex's timeout
   * error: `isolate` for default-runtime modules (default `V8_ACTION_USER_TIMEOUT_SECS` or 1800,
   * as Convex), `node` for `"use node"` ones (default `NODE_ACTION_USER_TIMEOUT_SECS` or 600).
   */
  actionTimeoutSeconds?: { isolate?: number; node?: number };
  /**
   * The built dashboard app to serve at `/dashboard/` (apps/dashboard's `dist`); without it
   * `/dashboard/` says how to build it.
   */
  dashboardDir?: string;
}

/** A positive number of seconds from the environment variable `name`, else `fallback`. */
function secondsFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export class LocalDeployment implements PushTarget {
  readonly db: Database;
  readonly runner: FunctionRunner;
  readonly scheduler: Scheduler;
  readonly files: FileStore;
  readonly instanceName: string;
  readonly adminKey: string;
  cloudUrl = "";
  siteUrl = "";
  private modules: ModuleSet | null = null;
  /** Verifies user JWTs against the pushed `auth.config.ts` providers. */
  private verifier = new TokenVerifier([]);
  /** Pushed module sets on disk: staged, serving, restored on restart. */
  private readonly moduleStore: ModuleStore;
  /** Sync sockets: one session per client. */
  private readonly sync: SyncServer;
  /** Every user function execution, for `convex logs` and the dashboard. */
  readonly executionLog = new ExecutionLog();
  private readonly servers: http.Server[] = [];
  /** `npx convex env` variables, and the `process.env` functions see. */
  private readonly env: EnvironmentVariables;
  private readonly queryCache = new QueryResultCache();
  private readonly dashboardDir: string | null;
  /** The dashboard's routes' and `convex export` / `import`'s services, built once. */
  private readonly dashboard: DashboardServices;
  private readonly snapshots: ExportServices & ImportServices;

  private constructor(
    private readonly persistence: Persistence,
    private readonly dataDir: string,
    options: LocalDeploymentOptions,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.dashboardDir = options.dashboardDir ?? null;
    this.db = new Database(persistence);
    this.env = new EnvironmentVariables(persistence);
    this.instanceName =
      options.instanceName ?? persistence.getMeta("instance_name") ?? "rooms-local";
    persistence.setMeta("instance_name", this.instanceName);
    let key = options.adminKey ?? persistence.getMeta("admin_key");
    if (key === null) key = `${this.instanceName}|${crypto.randomBytes(32).toString("hex")}`;
    persistence.setMeta("admin_key", key);
    this.adminKey = key;
    let secret = persistence.getMeta("instance_secret");
    if (secret === null) {
      secret = crypto.randomBytes(32).toString("hex");
      persistence.setMeta("instance_secret", secret);
    }
    this.files = new FileStore(dataDir, this.db, Buffer.from(secret, "hex"));
    this.runner = new FunctionRunner({
      db: this.db,
      modules: () => this.modules,
      deploymentName: this.instanceName,
      systemQuery: (udfPath, args, tx) => this.systemQuery(udfPath, args, tx),
      systemMutation: (udfPath, args, tx) =>
        dashboardMutation(udfPath, args, this.dashboardContext(tx)),
      environment: () => this.env.functionEnvironment(),
      files: () => this.files,
      cloudUrl: () => this.cloudUrl,
      executionLog: this.executionLog,
      actionTimeoutSeconds: {
        isolate:
          options.actionTimeoutSeconds?.isolate ??
          secondsFromEnv("V8_ACTION_USER_TIMEOUT_SECS", 1800),
        node:
          options.actionTimeoutSeconds?.node ??
          secondsFromEnv("NODE_ACTION_USER_TIMEOUT_SECS", 600),
      },
    });
    this.moduleStore = new ModuleStore(persistence, dataDir, () => this.env.functionEnvironment());
    this.scheduler = new Scheduler(this.db, this.runner);
    this.dashboard = this.dashboardServices();
    this.snapshots = this.snapshotServices();
    this.sync = new SyncServer(
      {
        runner: this.runner,
        adminKey: this.adminKey,
        // Each Transition starts by asking: a batch whose fsync just returned is acknowledged
        // (and broadcast) here instead of at the loop's next commit or flush.
        latestTs: () => this.db.latestDurableTs(),
        runQueryCached: (udfPath, args, caller, journal, ts, cacheKey) =>
          this.runQueryCached(udfPath, args, caller, journal, ts, cacheKey),
        verifyToken: (token) => this.verifyToken(token),
      },
      { ...DEFAULT_SYNC_LIMITS, ...options.sync },
      this.ready,
    );
    this.db.onCommit((_ts, writes) => this.broadcast(writes));
  }

  /** Opens the data dir, loads the last pushed functions, and listens on both ports. */
  static async start(options: LocalDeploymentOptions = {}): Promise<LocalDeployment> {
    const dataDir = path.resolve(options.dataDir ?? ".convex-local");
    const deployment = new LocalDeployment(new Persistence(dataDir), dataDir, options);
    deployment.pushHandler = createPushHandler(deployment, {
      scratchDir: path.join(dataDir, "scratch"),
    });
    const host = options.host ?? "127.0.0.1";
    // Listen first: pushed modules may read CONVEX_SITE_URL / CONVEX_CLOUD_URL when imported.
    const cloud = await deployment.listen(options.port ?? 3210, host, (req, res) =>
      deployment.onCloudRequest(req, res),
    );
    const site = await deployment.listen(options.sitePort ?? 3211, host, (req, res) =>
      deployment.onSiteRequest(req, res),
    );
    deployment.cloudUrl = `http://${host}:${cloud}`;
    deployment.siteUrl = `http://${host}:${site}`;
    deployment.env.setUrls(deployment.cloudUrl, deployment.siteUrl);
    deployment.servers[0]!.on("upgrade", (req, socket, head) =>
      deployment.sync.onUpgrade(req, socket, head),
    );
    try {
      const restored = await deployment.moduleStore.restore();
      if (restored !== null) deployment.setModules(restored);
      await deployment.scheduler.start();
    } catch (e) {
      await deployment.close();
      throw e;
    }
    deployment.markReady();
    return deployment;
  }

  /**
   * Readiness: the ports are bound first (pushed modules may read CONVEX_CLOUD_URL and
   * CONVEX_SITE_URL when imported), but every request and sync socket that arrives before the
   * data dir's functions, schema and auth config are loaded waits here, so none is answered
   * "Could not find public function" or "no providers configured" during a restart.
   */
  private readonly ready: Promise<void>;
  private markReady: () => void = () => undefined;

  private pushHandler: ReturnType<typeof createPushHandler> | null = null;

  private listen(port: number, host: string, handler: http.RequestListener): Promise<number> {
    const server = http.createServer(handler);
    server.keepAliveTimeout = 65_000;
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  }

  private async onCloudRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    await this.ready;
    try {
      if (applyCors(req, res)) return;
      const url = new URL(req.url ?? "/", this.cloudUrl || "http://localhost");
      const api = {
        runner: this.runner,
        adminKey: this.adminKey,
        latestTs: () => this.db.durableTs,
        verifyToken: (token: string) => this.verifyToken(token),
      };
      if (await handleFunctionApi(api, req, res, url)) return;
      if (
        await handleStorage({ files: this.files, runner: this.runner, db: this.db }, req, res, url)
      )
        return;
      if (url.pathname.startsWith("/http/")) {
        // HTTP actions are also served under /http/ on the deployment port, as the official backend does.
        req.url = url.pathname.slice("/http".length) + url.search;
        await this.serveHttpAction(req, res);
        return;
      }
      if (handleDashboard(this.dashboard, req, res, url)) return;
      if (await handleSnapshotExport(this.snapshots, req, res, url)) return;
      if (await handleSnapshotImport(this.snapshots, req, res, url)) return;
      if (this.pushHandler !== null && (await this.pushHandler(req, res, url))) return;
      if (url.pathname === "/" && req.method === "GET") {
        sendText(
          res,
          200,
          `This Convex deployment (${this.instanceName}) is running. See ${this.cloudUrl}/instance_name.\n`,
        );
        return;
      }
      sendJson(res, 404, {
        code: "NotFound",
        message: `No route for ${req.method} ${url.pathname}`,
      });
    } catch (e) {
      respondError(req, res, e);
    }
  }

  private dashboardServices(): DashboardServices {
    return {
      dir: this.dashboardDir,
      adminKey: this.adminKey,
      health: () => {
        const databaseBytes = ["", "-wal"]
          .map((suffix) => fs.statSync(this.persistence.file + suffix, { throwIfNoEntry: false }))
          .reduce((n, stat) => n + (stat?.size ?? 0), 0);
        return {
          ...this.sync.stats(),
          commitTs: this.db.durableTs,
          databaseBytes,
          executions: this.executionLog.stats(HEALTH_WINDOW_MS),
        };
      },
    };
  }

  /** What `convex export` and `convex import` need (http/snapshot-export.ts, snapshot-import.ts). */
  private snapshotServices(): ExportServices & ImportServices {
    return {
      db: this.db,
      runner: this.runner,
      files: this.files,
      dataDir: this.dataDir,
      instanceName: this.instanceName,
      requireAdmin: (req) => requireAdminKey(req, this.adminKey),
      pendingImports: newPendingImports(),
    };
  }

  private serveHttpAction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const router = this.modules?.httpRouter ?? null;
    return serveHttpAction(this.runner, router, this.siteUrl, (t) => this.verifyToken(t), req, res);
  }

  /** HTTP actions: routes of the pushed `convex/http.ts`, on the site port. */
  private async onSiteRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    await this.ready;
    try {
      await this.serveHttpAction(req, res);
    } catch (e) {
      respondError(req, res, e);
    }
  }

  private setModules(set: ModuleSet): void {
    this.modules = set;
    let providers: ReturnType<typeof parseAuthConfig> = [];
    try {
      providers = set.authConfig ? parseAuthConfig(set.authConfig) : [];
    } catch (e) {
      logError(`auth.config.ts ignored: ${(e as Error).message}`);
    }
    this.verifier = new TokenVerifier(providers);
  }

  /**
   * Verifies a user JWT (Authenticate User, `Authorization: Bearer`). Throws AuthenticationError
   * with the message a client sees; the detail behind a redacted OIDC failure is logged.
   */
  async verifyToken(token: string): Promise<UserIdentity> {
    try {
      return await this.verifier.verify(token);
    } catch (e) {
      if (e instanceof AuthenticationError && e.detail !== undefined) {
        logError(`token rejected: ${e.message} (${e.detail})`);
      }
      throw e;
    }
  }

  private runQueryCached(
    udfPath: string,
    args: JSONValue,
    caller: Caller,
    journal: string | null,
    ts: bigint,
    key: QueryCacheKey | null,
  ): Promise<QueryRun> {
    return this.queryCache.run(caller, ts, key, () =>
      this.runner.runQuery(udfPath, args, caller, { snapshot: ts, journal }),
    );
  }

  private broadcast(writes: WriteKeys | "all"): void {
    // "all" = functions, schema or env vars changed without a commit: results cached at the
    // current timestamp are stale.
    if (writes === "all") this.queryCache.clear();
    this.sync.onCommit(writes);
    this.scheduler.onCommit(writes);
  }

  private dashboardContext(tx: Transaction): DashboardContext {
    return { db: this.db, tx, files: this.files, cloudUrl: this.cloudUrl };
  }

  private systemQuery(
    udfPath: string,
    args: Record<string, unknown>,
    tx: Transaction,
  ): JSONValue | undefined {
    const cli = cliSystemQuery(udfPath, args, {
      tx,
      modules: this.modules,
      cloudUrl: this.cloudUrl,
      environment: () => this.env.all(),
    });
    return cli !== undefined ? cli : dashboardQuery(udfPath, args, this.dashboardContext(tx));
  }

  // ---- PushTarget --------------------------------------------------------------------------

  activeModuleHashes(): ModuleSet["hashes"] {
    return this.modules?.hashes ?? [];
  }

  activeModules(): ModuleSet | null {
    return this.modules;
  }

  stage(
    modules: ModuleSource[],
    schema: ModuleSource | null,
    nodeDependencies: NodeDependency[] = [],
  ): Promise<StagedPush> {
    return this.moduleStore.stage(modules, schema, nodeDependencies);
  }

  discard(id: string): void {
    this.moduleStore.discard(id);
  }

  functionLogs(
    cursor: number,
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<{ entries: unknown[]; newCursor: number }> {
    return this.executionLog.poll(cursor, timeoutMs, signal);
  }

  tableSizes(): Record<string, { numDocs: number; sizeBytes: number }> {
    const out: Record<string, { numDocs: number; sizeBytes: number }> = {};
    for (const table of this.db.catalog.tables()) {
      if (table.name.startsWith("_")) continue;
      const rows = this.persistence.latestDocumentsOfTable(table.number);
      out[table.name] = {
        numDocs: rows.length,
        sizeBytes: rows.reduce((n, r) => n + r.json.length, 0),
      };
    }
    return out;
  }

  schemaStatus(
    id: string,
  ): { type: "complete" } | { type: "failed"; error: string; tableName: string | null } {
    if (!this.moduleStore.has(id))
      return { type: "failed", error: `Unknown push ${id}`, tableName: null };
    return { type: "complete" };
  }

  async activate(id: string): Promise<void> {
    const staged = this.moduleStore.get(id);
    applySchema(this.db, staged.modules.schema);
    this.moduleStore.markActive(id);
    this.setModules(staged.modules);
    await this.scheduler.syncCrons(cronSpecsOf(staged.modules.crons));
    this.broadcast("all");
  }

  updateEnvironmentVariables(changes: { name: string; value: string | null }[]): void {
    this.env.update(changes);
    this.broadcast("all");
  }

  /**
   * Sets Convex Auth's JWT_PRIVATE_KEY and JWKS once per data dir (kept when present), and
   * SITE_URL when given. Returns the names it set.
   */
  ensureConvexAuthKeys(siteUrl?: string): string[] {
    const changes = this.env.convexAuthChanges(siteUrl);
    if (changes.length > 0) this.updateEnvironmentVariables(changes);
    return changes.map((c) => c.name);
  }

  environmentVariables(): Record<string, string> {
    return this.env.all();
  }

  /** Stops listening, closes sockets, and flushes storage. */
  async close(): Promise<void> {
    this.scheduler.close();
    this.sync.close();
    await Promise.all(
      this.servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    );
    await this.runner.drain();
    await this.db.drain();
    await this.persistence.close();
  }
}

/** The identifier → job map of a `Crons` default export (`crons.crons`), or none. */
function cronSpecsOf(crons: unknown): CronSpecs {
  const specs = (crons as { crons?: CronSpecs } | null)?.crons;
  return specs !== undefined && typeof specs === "object" ? specs : {};
}
