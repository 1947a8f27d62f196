// Presence in one room (createPresence) as a rune: heartbeats, away, cursors and typing are the
// core's; this only exposes its snapshot reactively.
import { createPresence, type Presence, type PresenceSnapshot } from "@rooms/client";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { ConvexClient } from "convex/browser";
import { Live } from "$lib/live.svelte";

export class RoomPresence {
  readonly model: Presence;
  readonly #live: Live<PresenceSnapshot>;

  constructor(client: ConvexClient, roomId: Id<"rooms">, userId: string | undefined) {
    this.model = createPresence(client, roomId, userId === undefined ? {} : { userId });
    this.#live = new Live(this.model);
  }

  get state(): PresenceSnapshot {
    return this.#live.current;
  }

  dispose(): void {
    this.#live.stop();
    void this.model.dispose();
  }
}
