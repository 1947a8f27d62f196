/**
 * Where pushed functions live on disk: each staged push loads into `<dataDir>/modules/<id>/`
 * (push/load.ts), the serving push's sources are kept in the `meta` row `active_push` so a restart
 * loads them again, and directories of pushes that no longer serve are removed.
 *
 * The deployment decides what activating means (schema, crons, which set serves); this store only
 * keeps the module sets and their files.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { withEnvironment } from "../runtime/host.js";
import type { ModuleSet, ModuleSource } from "../runtime/modules.js";
import type { Persistence } from "../storage/persistence.js";
import { loadModuleSet } from "./load.js";
import { installNodeDependencies, type NodeDependency } from "./node-dependencies.js";
import type { StagedPush } from "./types.js";

/** A staged push and the schema module it came with (kept with the sources on activation). */
type Staged = StagedPush & { schemaSource: ModuleSource | null };

export class ModuleStore {
  private readonly staged = new Map<string, Staged>();
  private readonly root: string;

  constructor(
    private readonly persistence: Persistence,
    private readonly dataDir: string,
    /** The environment variables modules see while they are imported (`process.env`). */
    private readonly environment: () => Record<string, string>,
  ) {
    this.root = path.join(dataDir, "modules");
  }

  /**
   * Installs `nodeDependencies` and loads `modules` (+ the schema module) into a new directory,
   * without serving them. Rejects with the loader's error (a module that throws at import, a bad
   * schema); nothing else changes.
   */
  async stage(
    modules: ModuleSource[],
    schema: ModuleSource | null,
    nodeDependencies: NodeDependency[],
  ): Promise<StagedPush> {
    const id = crypto.randomBytes(8).toString("hex");
    const nodeModules = await installNodeDependencies(this.dataDir, nodeDependencies);
    const set = await withEnvironment(this.environment(), () =>
      loadModuleSet(path.join(this.root, id), modules, schema, nodeModules),
    );
    const staged = { id, modules: set, schemaSource: schema };
    this.staged.set(id, staged);
    return staged;
  }

  has(id: string): boolean {
    return this.staged.has(id);
  }

  /** Forgets a staged push and removes its directory; nothing for an unknown id. */
  discard(id: string): void {
    if (!this.staged.delete(id)) return;
    fs.rmSync(path.join(this.root, id), { recursive: true, force: true });
  }

  /** The staged push `id`. @throws Error "Unknown push <id>: start the push again." */
  get(id: string): StagedPush {
    const staged = this.staged.get(id);
    if (staged === undefined) throw new Error(`Unknown push ${id}: start the push again.`);
    return staged;
  }

  /**
   * Records push `id` as the serving one (its sources survive a restart), stops tracking it as
   * staged, and removes every other push's directory except those still staged.
   */
  markActive(id: string): void {
    const staged = this.staged.get(id);
    if (staged === undefined) throw new Error(`Unknown push ${id}: start the push again.`);
    this.persistence.setMeta(
      "active_push",
      JSON.stringify({ id, modules: staged.modules.sources, schema: staged.schemaSource }),
    );
    this.staged.delete(id);
    this.prune(id);
  }

  /**
   * Loads the serving push recorded in the data dir, or null before the first push. Loads into a
   * fresh directory: Node's ESM cache would serve an earlier load of the same path (a deployment
   * restarted in the same process); the copies of earlier runs are removed.
   */
  async restore(): Promise<ModuleSet | null> {
    const saved = this.persistence.getMeta("active_push");
    if (saved === null) return null;
    const { id, modules, schema } = JSON.parse(saved) as {
      id: string;
      modules: ModuleSource[];
      schema: ModuleSource | null;
    };
    const name = `${id}-${Date.now()}`;
    const set = await withEnvironment(this.environment(), () =>
      loadModuleSet(path.join(this.root, name), modules, schema),
    );
    this.prune(name);
    return set;
  }

  /** Removes module directories other than `active` and the pushes still staged. */
  private prune(active: string): void {
    for (const entry of fs.existsSync(this.root) ? fs.readdirSync(this.root) : []) {
      if (entry === active || this.staged.has(entry)) continue;
      fs.rmSync(path.join(this.root, entry), { recursive: true, force: true });
    }
  }
}
