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
  documentType: ValidatorJson | null;
  [key: string]: unknown;
}
