// Presence in one room (createPresence, owned by the room model) as a ref: heartbeats, away,
// cursors and typing are the core's; this only exposes its snapshot reactively.
import type { Presence, PresenceSnapshot } from "@rooms/client";
import type { ShallowRef } from "vue";
import { live } from "@/lib/live";

export interface RoomPresence {
  readonly model: Presence;
  readonly state: ShallowRef<PresenceSnapshot>;
  /** Stops following the model (the room model disposes it). */
  stop(): void;
}

export function usePresence(model: Presence): RoomPresence {
  const state = live(model);
  return { model, state: state.current, stop: state.stop };
}
