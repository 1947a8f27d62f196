// Presence in one room (createPresence, owned by the room model) as a rune: heartbeats, away,
// cursors and typing are the core's; this only exposes its snapshot reactively.
import type { Presence, PresenceSnapshot } from "@rooms/client";
import { Live } from "$lib/live.svelte";

export class RoomPresence {
  readonly #live: Live<PresenceSnapshot>;

  constructor(readonly model: Presence) {
    this.#live = new Live(model);
  }

  get state(): PresenceSnapshot {
    return this.#live.current;
  }

  /** Stops following the model (the room model disposes it). */
  stop(): void {
    this.#live.stop();
  }
}
