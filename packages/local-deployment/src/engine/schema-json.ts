/**
 * The schema a push declares, as JSON: what the catalog stores and the runtime's validators check
 * documents and arguments against. Plain data, owned by the engine (which persists it).
 */

/** Convex validator JSON (source: convex@1.48 values/validators.ts `.json`). */
export type ValidatorJson = { type: string; [key: string]: unknown };

/** `defineSchema(...).export()` parsed (source: convex@1.48 server/schema.ts). */
export interface SchemaJson {
  tables: TableSchemaJson[];
  schemaValidation: boolean;
}
export interface TableSchemaJson {
  tableName: string;
  indexes: { indexDescriptor: string; fields: string[] }[];
  searchIndexes: { indexDescriptor: string; searchField: string; filterFields: string[] }[];
  vectorIndexes: unknown[];
  /** Staged indexes (`staged: true`): declared, not built, not queryable until enabled. */
  stagedDbIndexes?: { indexDescriptor: string }[];
  stagedSearchIndexes?: { indexDescriptor: string }[];
  documentType: ValidatorJson | null;
  [key: string]: unknown;
}

/**
 * Convex's error for querying an index the schema declares as staged, or null when
 * `indexName` is not a staged index of `tableName` (source: js-integration-tests
 * stagedIndex.test.ts at convex-backend c358201e).
 */
export function stagedIndexError(
  schema: SchemaJson | null,
  tableName: string,
  indexName: string,
  kind: "stagedDbIndexes" | "stagedSearchIndexes",
): string | null {
  const table = schema?.tables.find((t) => t.tableName === tableName);
  return table?.[kind]?.some((i) => i.indexDescriptor === indexName)
    ? `Index ${tableName}.${indexName} is currently staged and not available to query until it is enabled`
    : null;
}
