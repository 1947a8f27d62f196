// The observable behind every model.
import { describe, expect, it } from "vitest";
import { Store } from "./store";

describe("store", () => {
  it("notifies with the new snapshot, only on change, until unsubscribed", () => {
    const store = new Store({ a: 1, b: [1] });
    const seen: unknown[] = [];
    const stop = store.subscribe((snapshot) => seen.push(snapshot));
    const first = store.getSnapshot();
    store.patch({ a: 1, b: first.b }); // same values: no new snapshot
    expect(store.getSnapshot()).toBe(first);
    store.patch({ a: 2 });
    expect(store.getSnapshot()).toEqual({ a: 2, b: [1] });
    expect(seen).toEqual([{ a: 2, b: [1] }]);
    stop();
    store.set({ a: 3, b: [] });
    expect(seen).toHaveLength(1);
  });

  it("lets a listener unsubscribe another during a notification", () => {
    const store = new Store(0);
    const calls: string[] = [];
    let stopSecond = () => {};
    store.subscribe(() => {
      calls.push("first");
      stopSecond();
    });
    stopSecond = store.subscribe(() => calls.push("second"));
    store.set(1);
    store.set(2);
    expect(calls).toEqual(["first", "second", "first"]);
  });
});
