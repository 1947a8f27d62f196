// The connection banner's state (createConnectionState) as a rune.
import { createConnectionState, type ConnectionState } from "@rooms/client";
import type { ConvexClient } from "convex/browser";
import { Live } from "$lib/live.svelte";

export function useConnection(client: ConvexClient): {
  readonly state: ConnectionState;
  dispose(): void;
} {
  const model = createConnectionState(client);
  const live = new Live(model);
  return {
    get state() {
      return live.current;
    },
    dispose() {
      live.stop();
      model.dispose();
    },
  };
}
