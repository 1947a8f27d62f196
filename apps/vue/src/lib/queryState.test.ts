import { describe, expect, it } from "vitest";
import { normalizeQueryState, type RawQueryState } from "./queryState";

const pending: RawQueryState<string[] | null> = {
  data: undefined,
  error: null,
  isPending: true,
  previous: undefined,
  skipped: false,
};
const loading = { data: undefined, error: null, isLoading: true, isStale: false };

describe("normalizeQueryState", () => {
  it("is loading until the first result", () => {
    expect(normalizeQueryState(pending)).toEqual(loading);
  });

  it("shows a result", () => {
    const state = normalizeQueryState({ ...pending, data: ["a"], isPending: false });
    expect(state).toEqual({ data: ["a"], error: null, isLoading: false, isStale: false });
  });

  it("treats a query that returns null as a result", () => {
    const state = normalizeQueryState({ ...pending, data: null, isPending: false });
    expect(state).toEqual({ data: null, error: null, isLoading: false, isStale: false });
  });

  it("drops convex-vue's null data on error and is not loading", () => {
    const error = new Error("boom");
    const state = normalizeQueryState({ ...pending, data: null, error, isPending: false });
    expect(state).toEqual({ data: undefined, error, isLoading: false, isStale: false });
  });

  it("hides earlier arguments' data by default", () => {
    expect(normalizeQueryState({ ...pending, previous: ["old"] })).toEqual(loading);
  });

  it("keeps earlier arguments' data as stale with keepPreviousData", () => {
    const state = normalizeQueryState(
      { ...pending, previous: ["old"] },
      { keepPreviousData: true },
    );
    expect(state).toEqual({ data: ["old"], error: null, isLoading: false, isStale: true });
  });

  it("is idle when skipped", () => {
    const state = normalizeQueryState({ ...pending, skipped: true, previous: ["old"] });
    expect(state).toEqual({ data: undefined, error: null, isLoading: false, isStale: false });
  });
});
