// The banner state from the client's connection state and the device's network.
import { describe, expect, it } from "vitest";
import { connectionStateOf, createConnectionState, type NetworkHook } from "./connection-state";
import type { ClientForConnection } from "./convex";
import { FakeClient } from "./test-support/fake-client";

function fakeNetwork(online: boolean): NetworkHook & { set(online: boolean): void } {
  const listeners = new Set<() => void>();
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      online = next;
      for (const listener of listeners) listener();
    },
  };
}

describe("connection state", () => {
  it("maps the client's state: connecting, connected, reconnecting, offline", () => {
    expect(connectionStateOf({ isWebSocketConnected: false, hasEverConnected: false })).toBe(
      "connecting",
    );
    expect(connectionStateOf({ isWebSocketConnected: true, hasEverConnected: true })).toBe(
      "connected",
    );
    expect(connectionStateOf({ isWebSocketConnected: false, hasEverConnected: true })).toBe(
      "reconnecting",
    );
    expect(connectionStateOf({ isWebSocketConnected: false, hasEverConnected: true }, false)).toBe(
      "offline",
    );
    // The browser's offline wins over a socket that has not noticed yet.
    expect(connectionStateOf({ isWebSocketConnected: true, hasEverConnected: true }, false)).toBe(
      "offline",
    );
  });

  it("follows the client and notifies only when the banner state changes", () => {
    const fake = new FakeClient();
    fake.setConnection({ isWebSocketConnected: false, hasEverConnected: false });
    const network = fakeNetwork(true);
    const model = createConnectionState(fake.asClient<ClientForConnection>(), { network });
    const seen: string[] = [];
    model.subscribe((state) => seen.push(state));
    expect(model.getSnapshot()).toBe("connecting");
    fake.setConnection({ isWebSocketConnected: true, hasEverConnected: true });
    fake.setConnection({ inflightMutations: 3, hasInflightRequests: true }); // no change for the banner
    fake.setConnection({ isWebSocketConnected: false });
    network.set(false);
    network.set(true);
    fake.setConnection({ isWebSocketConnected: true });
    expect(seen).toEqual(["connected", "reconnecting", "offline", "reconnecting", "connected"]);
    model.dispose();
    fake.setConnection({ isWebSocketConnected: false });
    expect(seen).toHaveLength(5);
  });

  it("runs without a DOM: no network hook by default in Node", () => {
    const model = createConnectionState(new FakeClient().asClient<ClientForConnection>());
    expect(model.getSnapshot()).toBe("connected");
    model.dispose();
  });
});
