// The connection banner's state (createConnectionState) as a ref.
import { createConnectionState, type ConnectionState } from "@rooms/client";
import type { ConvexClient } from "convex/browser";
import type { ShallowRef } from "vue";
import { live } from "@/lib/live";

export function useConnection(client: ConvexClient): {
  readonly state: ShallowRef<ConnectionState>;
  dispose(): void;
} {
  const model = createConnectionState(client);
  const state = live(model);
  return {
    state: state.current,
    dispose() {
      state.stop();
      model.dispose();
    },
  };
}
