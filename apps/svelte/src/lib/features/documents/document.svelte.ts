// One open document (createDocumentSession: OT, remote carets, save state, lock) as a rune.
import {
  createDocumentSession,
  type DocumentSession,
  type DocumentSnapshot,
  type Presence,
} from "@rooms/client";
import type { Id } from "@rooms/convex/_generated/dataModel";
import type { ConvexClient } from "convex/browser";
import { Live } from "$lib/live.svelte";

export class OpenDocument {
  readonly session: DocumentSession;
  readonly #live: Live<DocumentSnapshot>;

  constructor(
    client: ConvexClient,
    documentId: Id<"documents">,
    options: { userId?: string | undefined; presence?: Presence | undefined },
  ) {
    this.session = createDocumentSession(client, documentId, {
      ...(options.userId !== undefined ? { userId: options.userId } : {}),
      ...(options.presence !== undefined ? { presence: options.presence } : {}),
    });
    this.#live = new Live(this.session);
  }

  get state(): DocumentSnapshot {
    return this.#live.current;
  }

  dispose(): void {
    this.#live.stop();
    this.session.dispose();
  }
}
