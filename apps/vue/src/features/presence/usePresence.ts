// Presence in one room (createPresence) as a ref: heartbeats, away, cursors and typing are the
// core's; this only exposes its snapshot reactively.
import { createPresence, type Presence, type PresenceSnapshot } from "@rooms/client";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { ConvexClient } from "convex/browser";
import type { ShallowRef } from "vue";
import { live } from "@/lib/live";

export interface RoomPresence {
  readonly model: Presence;
  readonly state: ShallowRef<PresenceSnapshot>;
  dispose(): void;
}

export function usePresence(
  client: ConvexClient,
  roomId: Id<"rooms">,
  userId: string | undefined,
): RoomPresence {
  const model = createPresence(client, roomId, userId === undefined ? {} : { userId });
  const state = live(model);
  return {
    model,
    state: state.current,
    dispose() {
      state.stop();
      void model.dispose();
    },
  };
}
