import { describe, expect, it } from "vitest";
import { stagedIndexError, type SchemaJson } from "./schema-json.js";

const schema: SchemaJson = {
  schemaValidation: true,
  tables: [
    {
      tableName: "people",
      indexes: [{ indexDescriptor: "by_age", fields: ["age"] }],
      searchIndexes: [],
      vectorIndexes: [],
      stagedDbIndexes: [{ indexDescriptor: "by_name" }],
      stagedSearchIndexes: [{ indexDescriptor: "search_name" }],
      documentType: null,
    },
  ],
};

describe("stagedIndexError", () => {
  it("says a staged index is not queryable yet, per kind", () => {
    expect(stagedIndexError(schema, "people", "by_name", "stagedDbIndexes")).toBe(
      "Index people.by_name is currently staged and not available to query until it is enabled",
    );
    expect(stagedIndexError(schema, "people", "search_name", "stagedSearchIndexes")).toContain(
      "people.search_name is currently staged",
    );
  });

  it("is null for an index that is not staged, another kind, or no schema", () => {
    expect(stagedIndexError(schema, "people", "by_age", "stagedDbIndexes")).toBeNull();
    expect(stagedIndexError(schema, "people", "by_name", "stagedSearchIndexes")).toBeNull();
    expect(stagedIndexError(null, "people", "by_name", "stagedDbIndexes")).toBeNull();
  });
});
