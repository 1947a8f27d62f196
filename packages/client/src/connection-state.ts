// The connection banner's state, from ConvexClient's own connection state (convex@1.48
// browser/sync/client.ts `ConnectionState`): "connecting" until the first WebSocket opened,
// then "connected" or "reconnecting"; "offline" when the device reports no network (browsers'
// navigator.onLine, or an injected hook). The client reconnects by itself and re-sends queued
// mutations; this model only reports.
import type { ConnectionState } from "@rooms/domain";
import type { ClientForConnection } from "./convex";
import { Store, type Readable } from "./store";

export type { ConnectionState };

/** Whether the device has a network. Browsers: `browserNetwork()`. */
export interface NetworkHook {
  isOnline(): boolean;
  /** Calls `listener` when it changes; returns the function that stops it. */
  subscribe(listener: () => void): () => void;
}

export interface ConnectionOptions {
  /** Default `browserNetwork()` where `navigator.onLine` exists, else none ("offline" never shows). */
  network?: NetworkHook | null;
}

export interface ConnectionModel extends Readable<ConnectionState> {
  dispose(): void;
}

/** navigator.onLine and the window's online/offline events; null outside a browser. */
export function browserNetwork(): NetworkHook | null {
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  const target = globalThis as Partial<Pick<Window, "addEventListener" | "removeEventListener">>;
  if (typeof nav?.onLine !== "boolean" || typeof target.addEventListener !== "function")
    return null;
  return {
    isOnline: () => nav.onLine !== false,
    subscribe(listener) {
      target.addEventListener?.("online", listener);
      target.addEventListener?.("offline", listener);
      return () => {
        target.removeEventListener?.("online", listener);
        target.removeEventListener?.("offline", listener);
      };
    },
  };
}

/** The banner state for one client's connection. */
export function connectionStateOf(
  state: { isWebSocketConnected: boolean; hasEverConnected: boolean },
  online = true,
): ConnectionState {
  // The browser's "offline" wins: a socket that has lost its network can look connected until
  // the client's inactivity timeout (60 s) notices, and the banner should show at once.
  if (!online) return "offline";
  if (state.isWebSocketConnected) return "connected";
  return state.hasEverConnected ? "reconnecting" : "connecting";
}

/**
 * Follows `client`'s connection. The snapshot changes only when the banner state does (the
 * client reports every in-flight request change; those are filtered out here).
 */
export function createConnectionState(
  client: ClientForConnection,
  options: ConnectionOptions = {},
): ConnectionModel {
  const network = options.network === undefined ? browserNetwork() : options.network;
  const read = () => connectionStateOf(client.connectionState(), network?.isOnline() ?? true);
  const store = new Store<ConnectionState>(read());
  const update = () => store.set(read());
  const stopClient = client.subscribeToConnectionState(update);
  const stopNetwork = network?.subscribe(update);
  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    dispose() {
      stopClient();
      stopNetwork?.();
      store.clear();
    },
  };
}
