/**
 * The catalog as a read: a query that lists tables (the dashboard's table list) records a read of
 * CATALOG_READ_ID, and only a commit that changed the catalog (a first insert into a table) writes
 * it, so such queries re-run when a table appears and not on every commit. A query of a table
 * that does not exist reads as empty without creating it, and re-runs when the table appears.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Persistence } from "../storage/persistence.js";
import { Database } from "./database.js";
import { QueryStream } from "./query.js";
import { CATALOG_KEY, CATALOG_READ_ID, ReadSet, type WriteKeys } from "./read-set.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function open(): Database {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rooms-catalog-reads-"));
  const persistence = new Persistence(dir);
  cleanups.push(async () => {
    await persistence.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return new Database(persistence);
}

describe("catalog reads", () => {
  it("a commit that creates a table writes the catalog key; later commits to it do not", async () => {
    const db = open();
    const commits: WriteKeys[] = [];
    db.onCommit((_ts, writes) => commits.push(writes));
    const listing = new ReadSet();
    listing.add(CATALOG_READ_ID, CATALOG_KEY, null);
    const insert = (table: string) => {
      const tx = db.beginWrite();
      db.insertSystemDocument(tx, table, { n: 1 });
      return db.commit(tx);
    };

    await insert("_catalog_test_a");
    await insert("_catalog_test_a");
    await insert("_catalog_test_b");
    await db.drain();
    expect(commits.map((writes) => listing.intersects(writes))).toEqual([true, false, true]);
  });

  it("reads a table that does not exist as empty, without creating it, until its first insert", async () => {
    const db = open();
    const scan = (tableName: string) => {
      const tx = db.beginRead();
      const stream = new QueryStream(tx, {
        source: { type: "FullTableScan", tableName, order: null },
        operators: [],
      });
      const docs: unknown[] = [];
      for (let doc = stream.next(); doc !== null; doc = stream.next()) docs.push(doc);
      return { docs, readSet: tx.readSet };
    };
    const before = scan("_ghosts");
    expect(before.docs).toEqual([]);
    expect(db.catalog.table("_ghosts")).toBeUndefined();
    const commits: WriteKeys[] = [];
    db.onCommit((_ts, writes) => commits.push(writes));
    const tx = db.beginWrite();
    db.insertSystemDocument(tx, "_ghosts", { n: 1 });
    await db.commit(tx);
    // The empty read re-runs when the table appears, and then sees its document.
    expect(before.readSet.intersects(commits[0]!)).toBe(true);
    expect(scan("_ghosts").docs).toHaveLength(1);
  });
});
