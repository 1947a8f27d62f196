/**
 * Conformance: the query engine as functions see it (convex-protocol.md c.5, c.6, a.10): index
 * ranges, order, filters, take/first/unique, the total order across value types, pagination with
 * cursors, and reactive pagination that stays gap-free while rows are inserted between pages.
 */
import { compareValues, convexToJson, type Value } from "convex/values";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, startFixture, waitFor, type Fixture } from "./helpers.js";

let fx: Fixture;

const CHANNEL = "q";

beforeAll(async () => {
  fx = await startFixture();
  const http = fx.http();
  // Inserted out of order: the index, not insertion, decides the order.
  for (const n of [5, 1, 9, 3, 7, 2, 10, 8, 4, 6])
    await http.mutation(api.messages.send, { channel: CHANNEL, n, body: `m${n}` });
  await http.mutation(api.messages.send, { channel: "one", n: 1, body: "only" });
  await http.mutation(api.messages.send, { channel: "two", n: 1, body: "a" });
  await http.mutation(api.messages.send, { channel: "two", n: 2, body: "b" });
});

afterEach(async () => {
  await fx.closeClients();
});

afterAll(async () => {
  await fx?.close();
});

const range = (lower?: [string, number], upper?: [string, number], order?: "asc" | "desc") =>
  fx.http().query(api.messages.range, {
    channel: CHANNEL,
    ...(lower ? { lower: { op: lower[0], value: lower[1] } } : {}),
    ...(upper ? { upper: { op: upper[0], value: upper[1] } } : {}),
    ...(order ? { order } : {}),
  });

const seq = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("index ranges", () => {
  it("scans an eq prefix with lower and upper bounds", async () => {
    expect(await range()).toEqual(seq(1, 10));
    expect(await range(["gt", 3])).toEqual(seq(4, 10));
    expect(await range(["gte", 3])).toEqual(seq(3, 10));
    expect(await range(undefined, ["lt", 4])).toEqual(seq(1, 3));
    expect(await range(undefined, ["lte", 4])).toEqual(seq(1, 4));
    expect(await range(["gt", 2], ["lt", 6])).toEqual([3, 4, 5]);
    expect(await range(["gte", 2.5], ["lte", 6.5])).toEqual([3, 4, 5, 6]);
    expect(await range(["gt", 10])).toEqual([]);
    expect(await range(["gt", 6], ["lt", 4])).toEqual([]);
  });

  it("orders descending", async () => {
    expect(await range(undefined, undefined, "desc")).toEqual(seq(1, 10).reverse());
    expect(await range(["gte", 2], ["lte", 6], "desc")).toEqual([6, 5, 4, 3, 2]);
  });

  it("does not leak other eq prefixes into the range", async () => {
    expect(await fx.http().query(api.messages.byChannel, { channel: "one" })).toEqual(["only"]);
    expect(await fx.http().query(api.messages.byChannel, { channel: "nope" })).toEqual([]);
  });
});

describe("take, first, unique, filter", () => {
  it("limits with take and first", async () => {
    const http = fx.http();
    expect(await http.query(api.messages.take, { channel: CHANNEL, count: 3 })).toEqual([1, 2, 3]);
    expect(await http.query(api.messages.take, { channel: CHANNEL, count: 0 })).toEqual([]);
    expect(await http.query(api.messages.take, { channel: "two", count: 10 })).toEqual([1, 2]);
    expect(await http.query(api.messages.first, { channel: CHANNEL })).toBe(10);
    expect(await http.query(api.messages.first, { channel: "nope" })).toBeNull();
  });

  it("returns the single match with unique and throws when there are two", async () => {
    const http = fx.http();
    expect(await http.query(api.messages.unique, { channel: "one" })).toBe("only");
    expect(await http.query(api.messages.unique, { channel: "nope" })).toBeNull();
    await expect(http.query(api.messages.unique, { channel: "two" })).rejects.toThrow(
      /unique\(\) query returned more than one result/,
    );
  });

  it("evaluates filter expressions with arithmetic and boolean logic", async () => {
    // n*2 < 6 (n < 3), or n+0 > 8, and body != "skip".
    expect(
      await fx.http().query(api.messages.filtered, { channel: CHANNEL, min: 3, max: 8 }),
    ).toEqual([1, 2, 9, 10]);
  });
});

describe("value order across types", () => {
  const bytes = (...b: number[]) => new Uint8Array(b).buffer;
  // [label, value]; `undefined` = the field is missing.
  const VALUES: [string, Value | undefined][] = [
    ["str-a", "a"],
    ["missing", undefined],
    ["obj-a2", { a: 2 }],
    ["int-5", 5n],
    ["float-5", 5],
    ["null", null],
    ["true", true],
    ["arr-1-2", [1, 2]],
    ["bytes-01", bytes(0, 1)],
    ["float-neg-inf", -Infinity],
    ["int-neg", -7n],
    ["float-half", 0.5],
    ["str-B", "B"],
    ["false", false],
    ["arr-empty", []],
    ["float-neg-zero", -0],
    ["float-zero", 0],
    ["str-ffff", "\uffff"],
    ["str-emoji", "😀"],
    ["str-empty", ""],
    ["bytes-empty", bytes()],
    ["bytes-1", bytes(1)],
    ["obj-empty", {}],
    ["arr-1", [1]],
    ["arr-int", [1n]],
    ["obj-a1", { a: 1 }],
    ["obj-b0", { b: 0 }],
    ["float-inf", Infinity],
    ["float-nan", NaN],
    ["int-big", 2n ** 62n],
    ["int-5-again", 5n],
    ["str-ab", "ab"],
    ["arr-str", ["a"]],
    ["obj-a1-b1", { a: 1, b: 1 }],
    ["float-neg", -1.5],
    ["null-again", null],
    ["missing-again", undefined],
  ];
  const GROUP = "order";
  /** Index order: compareValues, then insertion (`_creationTime`) for equal values. */
  const expected = VALUES.map(([label, value], i) => ({ label, value, i })).sort(
    (a, b) => compareValues(a.value, b.value) || a.i - b.i,
  );
  const labels = (pred: (v: Value | undefined) => boolean) =>
    expected.filter((e) => pred(e.value)).map((e) => e.label);

  beforeAll(async () => {
    const http = fx.http();
    for (const [label, value] of VALUES) {
      await http.mutation(
        api.mixed.insert,
        value === undefined ? { group: GROUP, label } : { group: GROUP, label, value },
      );
    }
  });

  it("orders an index over mixed types like compareValues (undefined < null < int64 < float64 < boolean < string < bytes < array < object)", async () => {
    const rows = (await fx.http().query(api.mixed.ordered, { group: GROUP })) as {
      label: string;
      value?: Value;
    }[];
    expect(rows.map((r) => r.label)).toEqual(expected.map((e) => e.label));
    for (const [i, row] of rows.entries()) {
      const want = expected[i]!.value;
      expect(row.value === undefined ? "missing" : convexToJson(row.value)).toEqual(
        want === undefined ? "missing" : convexToJson(want),
      );
    }
  });

  it("orders descending as the exact reverse", async () => {
    const rows = (await fx.http().query(api.mixed.ordered, { group: GROUP, order: "desc" })) as {
      label: string;
    }[];
    expect(rows.map((r) => r.label)).toEqual(expected.map((e) => e.label).reverse());
  });

  it("compares across types in filters with the same total order", async () => {
    const probes: (Value | undefined)[] = [
      undefined,
      null,
      5n,
      5,
      0,
      -0,
      "a",
      true,
      bytes(1),
      [1],
      { a: 1 },
      NaN,
    ];
    const ops = {
      eq: (c: number) => c === 0,
      neq: (c: number) => c !== 0,
      lt: (c: number) => c < 0,
      lte: (c: number) => c <= 0,
      gt: (c: number) => c > 0,
      gte: (c: number) => c >= 0,
    } as const;
    for (const probe of probes) {
      for (const [op, holds] of Object.entries(ops)) {
        const got = await fx.http().query(api.mixed.compare, {
          group: GROUP,
          op,
          ...(probe === undefined ? {} : { value: probe }),
        });
        expect(got, `${op} ${String(probe)}`).toEqual(
          labels((v) => holds(compareValues(v, probe))),
        );
      }
    }
  });

  it("scans index ranges that span several types", async () => {
    const cases: [Value, Value | undefined][] = [
      [null, undefined],
      [5n, "a"],
      [0.5, true],
      [false, bytes()],
      ["", [1]],
      [[], { a: 1 }],
      [{ a: 1 }, undefined],
    ];
    for (const [lower, upper] of cases) {
      const got = await fx.http().query(api.mixed.indexRange, {
        group: GROUP,
        lower,
        ...(upper === undefined ? {} : { upper }),
      });
      expect(got, `(${String(lower)}, ${String(upper)})`).toEqual(
        labels(
          (v) =>
            compareValues(v, lower) > 0 && (upper === undefined || compareValues(v, upper) < 0),
        ),
      );
    }
  });
});

describe("index keys after patches", () => {
  it("moves a document's entry when a patch changes its key, also from 0 to -0, and keeps it otherwise", async () => {
    const http = fx.http();
    const group = "patched";
    const insert = (label: string, value: Value) =>
      http.mutation(api.mixed.insert, { group, label, value }) as Promise<string>;
    const order = async () =>
      ((await http.query(api.mixed.ordered, { group })) as { label: string }[]).map((r) => r.label);
    const zero = await insert("zero", 0);
    const five = await insert("five", 5);
    await insert("two", 2);
    expect(await order()).toEqual(["zero", "two", "five"]);
    // Only the label changes: the key (and the order) stays.
    await http.mutation(api.mixed.patch, { id: five, label: "FIVE" });
    expect(await order()).toEqual(["zero", "two", "FIVE"]);
    await http.mutation(api.mixed.patch, { id: five, value: 1 });
    expect(await order()).toEqual(["zero", "FIVE", "two"]);
    // -0 sorts before 0 (a key of its own, though -0 === 0 in JavaScript).
    await insert("zero-again", 0);
    await http.mutation(api.mixed.patch, { id: zero, value: -0 });
    const rows = (await http.query(api.mixed.ordered, { group })) as {
      label: string;
      value: number;
    }[];
    expect(rows.map((r) => r.label)).toEqual(["zero", "zero-again", "FIVE", "two"]);
    expect(Object.is(rows[0]!.value, -0)).toBe(true);
    // The index range sees the new key: above -0 are the 0s, not the -0.
    expect(await http.query(api.mixed.indexRange, { group, lower: -0 })).toEqual([
      "zero-again",
      "FIVE",
      "two",
    ]);
  });
});

describe("pagination", () => {
  type Page = { page: number[]; isDone: boolean; continueCursor: string };

  async function allPages(
    list: string,
    numItems: number,
    order?: "asc" | "desc",
  ): Promise<number[][]> {
    const pages: number[][] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const result = (await fx.http().query(api.pagination.page, {
        list,
        paginationOpts: { numItems, cursor },
        ...(order ? { order } : {}),
      })) as Page;
      pages.push(result.page);
      if (result.isDone) return pages;
      cursor = result.continueCursor;
    }
    throw new Error("pagination did not finish");
  }

  it("walks every document exactly once with cursors, in either order", async () => {
    await fx
      .http()
      .mutation(api.pagination.addMany, { list: "walk", ns: [7, 3, 10, 1, 5, 9, 2, 8, 4, 6] });
    const pages = await allPages("walk", 3);
    expect(pages.flat()).toEqual(seq(1, 10));
    expect(pages.slice(0, 3).map((p) => p.length)).toEqual([3, 3, 3]);
    expect((await allPages("walk", 4, "desc")).flat()).toEqual(seq(1, 10).reverse());
    expect((await allPages("walk-empty", 5)).flat()).toEqual([]);
  });

  it("continues from a cursor after inserts before it and deletion of its document", async () => {
    const http = fx.http();
    await http.mutation(api.pagination.addMany, { list: "stable", ns: seq(1, 9) });
    const first = (await http.query(api.pagination.page, {
      list: "stable",
      paginationOpts: { numItems: 3, cursor: null },
    })) as Page;
    expect(first.page).toEqual([1, 2, 3]);
    await http.mutation(api.pagination.add, { list: "stable", n: 2.5 });
    await http.mutation(api.pagination.remove, { list: "stable", n: 3 });
    const second = (await http.query(api.pagination.page, {
      list: "stable",
      paginationOpts: { numItems: 3, cursor: first.continueCursor },
    })) as Page;
    expect(second.page).toEqual([4, 5, 6]);
  });

  it("paginates filtered full table scans", async () => {
    await fx.http().mutation(api.pagination.addMany, { list: "evens", ns: seq(1, 20) });
    const found: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const r = (await fx.http().query(api.pagination.evens, {
        list: "evens",
        paginationOpts: { numItems: 3, cursor },
      })) as Page;
      expect(r.page.length).toBeLessThanOrEqual(3);
      found.push(...r.page);
      if (r.isDone) break;
      cursor = r.continueCursor;
    }
    expect(found).toEqual(seq(1, 10).map((n) => n * 2));
  });

  it("allows only one paginate per function execution", async () => {
    await expect(fx.http().query(api.pagination.twoPaginates, { list: "walk" })).rejects.toThrow(
      /multiple paginated queries/,
    );
  });

  it("keeps reactive pages gap-free and duplicate-free while rows are inserted and deleted between pages", async () => {
    const list = "reactive";
    const http = fx.http();
    const truth = new Set(seq(1, 10).map((n) => n * 10));
    await http.mutation(api.pagination.addMany, { list, ns: [...truth] });

    const client = fx.client();
    type State = { results: number[]; status: string; loadMore: (n: number) => boolean };
    const states: State[] = [];
    const problems: string[] = [];
    client.onPaginatedUpdate_experimental(
      api.pagination.page,
      { list },
      { initialNumItems: 3 },
      (r: unknown) => {
        const state = r as State;
        states.push(state);
        for (let i = 1; i < state.results.length; i++) {
          if (state.results[i]! <= state.results[i - 1]!)
            problems.push(`not strictly increasing: ${state.results.join(",")}`);
        }
      },
    );
    const latest = () => states[states.length - 1];
    const settle = (want: number[], status: string) =>
      waitFor(
        () => {
          const s = latest();
          return s !== undefined &&
            s.status === status &&
            JSON.stringify(s.results) === JSON.stringify(want)
            ? s
            : undefined;
        },
        `results ${want.join(",")} (${status}); latest: ${JSON.stringify(latest()?.results)} ${latest()?.status}`,
      );

    await settle([10, 20, 30], "CanLoadMore");
    expect(latest()!.loadMore(3)).toBe(true);
    await settle([10, 20, 30, 40, 50, 60], "CanLoadMore");
    expect(latest()!.loadMore(3)).toBe(true);
    await settle(
      seq(1, 9).map((n) => n * 10),
      "CanLoadMore",
    );

    // Before the first page, inside pages, on a page boundary, and past the loaded end.
    for (const n of [5, 15, 35, 61, 65, 95]) {
      await http.mutation(api.pagination.add, { list, n });
      truth.add(n);
    }
    await http.mutation(api.pagination.remove, { list, n: 40 });
    truth.delete(40);
    await http.mutation(api.pagination.remove, { list, n: 30 }); // the end of page 1
    truth.delete(30);
    const sorted = () => [...truth].sort((a, b) => a - b);
    await settle(
      sorted().filter((n) => n <= 90),
      "CanLoadMore",
    );

    expect(latest()!.loadMore(10)).toBe(true);
    await settle(sorted(), "Exhausted");
    await http.mutation(api.pagination.add, { list, n: 1000 });
    truth.add(1000);
    await settle(sorted(), "Exhausted");
    expect(problems).toEqual([]);
  });
});
