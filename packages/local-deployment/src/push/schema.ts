/**
 * Applying a pushed schema: create its tables, build new indexes over existing documents, drop
 * indexes the schema no longer declares, and (with `schemaValidation`) check every existing
 * document first. All or nothing: a document that breaks the new schema refuses the push and
 * leaves the catalog as it was (source: convex-protocol.md §e, §i; the official backend refuses
 * such pushes in wait_for_schema).
 */
import type { SchemaJson } from "../engine/schema-json.js";
import { checkDocument } from "../runtime/validator.js";
import { validationContext } from "../runtime/database-syscalls.js";
import type { Database } from "../engine/database.js";
import { indexKeyOf } from "../engine/transaction.js";

const BUILT_IN = new Set(["by_id", "by_creation_time"]);

export function applySchema(db: Database, schema: SchemaJson | null): void {
  db.flush();
  const catalog = db.catalog;
  if (schema !== null && schema.schemaValidation) {
    const ctx = validationContext(db);
    for (const t of schema.tables) {
      const table = catalog.table(t.tableName);
      if (table === undefined) continue;
      for (const { id, doc } of db.documentsOf(table)) {
        const { _id: _i, _creationTime: _c, ...fields } = doc;
        const error = checkDocument(t.tableName, t.documentType, fields, ctx);
        if (error !== null) {
          throw new Error(
            `Schema validation failed.\nDocument with ID "${id}" in table "${t.tableName}" does not match the schema: ${error}`,
          );
        }
      }
    }
  }
  const desired = new Map<string, Map<string, string[]>>();
  for (const t of schema?.tables ?? []) {
    desired.set(t.tableName, new Map(t.indexes.map((i) => [i.indexDescriptor, i.fields])));
  }
  db.persistence.transaction(() => {
    for (const tableName of desired.keys()) catalog.ensureTable(tableName);
    for (const table of catalog.tables()) {
      if (table.name.startsWith("_")) continue; // system tables keep the deployment's own indexes
      const want = desired.get(table.name) ?? new Map<string, string[]>();
      for (const index of [...table.indexes.values()]) {
        if (BUILT_IN.has(index.name)) continue;
        const fields = want.get(index.name);
        const same =
          fields !== undefined &&
          JSON.stringify([...fields, "_creationTime", "_id"]) === JSON.stringify(index.keyFields);
        if (!same) {
          catalog.dropIndex(index);
          db.persistence.deleteIndexEntries(index.id);
        }
      }
      let docs: ReturnType<Database["documentsOf"]> | null = null;
      for (const [name, fields] of want) {
        if (table.indexes.has(name)) continue;
        const index = catalog.createIndex(table, name, fields);
        docs ??= db.documentsOf(table);
        db.persistence.insertIndexEntries(
          docs.map(({ id, ts, doc }) => ({
            indexId: index.id,
            key: indexKeyOf(index, doc),
            ts,
            deleted: false,
            documentId: id,
          })),
        );
      }
    }
    catalog.schema = schema;
    catalog.save();
  });
}
