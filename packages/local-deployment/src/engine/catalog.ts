/**
 * The catalog: which tables exist (name ↔ table number) and which indexes each has.
 *
 * Table numbers follow Convex: user tables from 10001, system tables from 513
 * (source: convex-backend crates/database/src/bootstrap_model/table.rs). Every table has the two
 * built-in indexes `by_id` = `[_id]` and `by_creation_time` = `[_creationTime, _id]`; a user index
 * on `fields` is keyed by `[...fields, _creationTime, _id]` (source: convex@1.48
 * server/system_fields.ts; convex-backend indexed_fields.rs).
 *
 * The catalog is small and lives in memory; it is persisted as JSON in the `meta` table.
 */
import { FIRST_SYSTEM_TABLE_NUMBER, FIRST_USER_TABLE_NUMBER } from "../values/ids.js";
import type { SchemaJson } from "./schema-json.js";
import type { Persistence } from "../storage/persistence.js";

export interface IndexDef {
  id: number;
  tableNumber: number;
  /** `by_id`, `by_creation_time`, or the schema's `indexDescriptor`. */
  name: string;
  /** Full key fields, system fields appended: e.g. `["author", "_creationTime", "_id"]`. */
  keyFields: string[];
}

export interface TableDef {
  name: string;
  number: number;
  indexes: Map<string, IndexDef>;
}

interface CatalogJson {
  tables: { name: string; number: number }[];
  indexes: IndexDef[];
  nextIndexId: number;
  schema: SchemaJson | null;
}

/**
 * System tables: `_scheduled_functions` and `_storage` are readable through `ctx.db.system`
 * (source: convex@1.48 server/schema.ts); `_cron_jobs` holds the crons' next run times.
 */
export const SYSTEM_TABLES = [
  "_scheduled_functions",
  "_storage",
  "_cron_jobs",
  "_exports",
  "_snapshot_imports",
] as const;

/** Indexes the deployment itself uses on system tables (the scheduler's "what is due next"). */
export const SYSTEM_INDEXES: Record<string, { name: string; fields: string[] }[]> = {
  _scheduled_functions: [{ name: "by_next_ts", fields: ["state.kind", "scheduledTime"] }],
  _cron_jobs: [{ name: "by_next_ts", fields: ["nextTs"] }],
};

export class Catalog {
  private readonly byName = new Map<string, TableDef>();
  private readonly byNumber = new Map<number, TableDef>();
  private readonly indexesById = new Map<number, IndexDef>();
  private nextIndexId = 1;
  schema: SchemaJson | null = null;

  constructor(private readonly persistence: Persistence) {
    const saved = persistence.getMeta("catalog");
    if (saved !== null) {
      const json = JSON.parse(saved) as CatalogJson;
      this.nextIndexId = json.nextIndexId;
      this.schema = json.schema;
      for (const t of json.tables) this.addTable(t.name, t.number);
      for (const i of json.indexes) this.addIndex(i);
    }
    SYSTEM_TABLES.forEach((name, i) => {
      if (!this.byName.has(name)) this.createTable(name, FIRST_SYSTEM_TABLE_NUMBER + i);
    });
  }

  table(name: string): TableDef | undefined {
    return this.byName.get(name);
  }

  tableByNumber(number: number): TableDef | undefined {
    return this.byNumber.get(number);
  }

  index(id: number): IndexDef | undefined {
    return this.indexesById.get(id);
  }

  tables(): TableDef[] {
    return [...this.byName.values()];
  }

  /** Returns the table, creating it (and its built-in indexes) on first use. Persists. */
  ensureTable(name: string): TableDef {
    const existing = this.byName.get(name);
    if (existing !== undefined) return existing;
    let number = FIRST_USER_TABLE_NUMBER;
    for (const t of this.byNumber.keys()) if (t >= number) number = t + 1;
    const table = this.createTable(name, number);
    this.save();
    return table;
  }

  /** Registers a user index. Returns the new definition; the caller backfills it. */
  createIndex(table: TableDef, name: string, fields: string[]): IndexDef {
    const def: IndexDef = {
      id: this.nextIndexId++,
      tableNumber: table.number,
      name,
      keyFields: [...fields, "_creationTime", "_id"],
    };
    this.addIndex(def);
    return def;
  }

  dropIndex(def: IndexDef): void {
    this.indexesById.delete(def.id);
    this.byNumber.get(def.tableNumber)?.indexes.delete(def.name);
  }

  /** Bumped by every `save`: the database tells readers of the catalog when it changed. */
  version = 0;

  save(): void {
    this.version++;
    const json: CatalogJson = {
      tables: this.tables().map((t) => ({ name: t.name, number: t.number })),
      indexes: [...this.indexesById.values()],
      nextIndexId: this.nextIndexId,
      schema: this.schema,
    };
    this.persistence.setMeta("catalog", JSON.stringify(json));
  }

  private createTable(name: string, number: number): TableDef {
    const table = this.addTable(name, number);
    this.addIndex({
      id: this.nextIndexId++,
      tableNumber: number,
      name: "by_id",
      keyFields: ["_id"],
    });
    this.addIndex({
      id: this.nextIndexId++,
      tableNumber: number,
      name: "by_creation_time",
      keyFields: ["_creationTime", "_id"],
    });
    return table;
  }

  private addTable(name: string, number: number): TableDef {
    const table: TableDef = { name, number, indexes: new Map() };
    this.byName.set(name, table);
    this.byNumber.set(number, table);
    return table;
  }

  private addIndex(def: IndexDef): void {
    this.indexesById.set(def.id, def);
    this.byNumber.get(def.tableNumber)?.indexes.set(def.name, def);
  }
}
